namespace PoolHttp.Engine.Http;

/// <summary>
/// Decodes the chunked transfer coding incrementally without I/O. Each <see cref="Step"/> either consumes framing
/// bytes, or reports a run of data bytes at the start of the input that the caller passes on and then skips.
/// </summary>
public sealed class ChunkedDecoder
{
    private const byte CR = (byte)'\r';
    private const byte LF = (byte)'\n';
    private const int MaxLineBytes = 4096;
    private const int MaxTrailerBytes = 32 * 1024;

    private enum State { Size, Extension, SizeLF, Data, DataCR, DataLF, TrailerLineStart, TrailerLine, TrailerLF, FinalLF, Done }

    private State _state = State.Size;
    private long _remaining;
    private int _digits;
    private int _lineBytes;
    private int _trailerBytes;

    /// <summary>True once the last chunk and trailer section have been read.</summary>
    public bool IsDone => _state == State.Done;

    /// <summary>Advances over <paramref name="input"/>.</summary>
    /// <param name="input">Bytes received and not yet consumed.</param>
    /// <param name="consumed">Framing bytes consumed, or the data bytes reported.</param>
    /// <param name="data">Number of data bytes at the start of <paramref name="input"/> (then equal to consumed).</param>
    /// <returns>False when the coding is malformed.</returns>
    public bool Step(ReadOnlySpan<byte> input, out int consumed, out int data)
    {
        consumed = 0;
        data = 0;
        if (_state == State.Data)
        {
            data = (int)Math.Min(_remaining, input.Length);
            consumed = data;
            _remaining -= data;
            if (_remaining == 0) _state = State.DataCR;
            return true;
        }
        while (consumed < input.Length && _state is not (State.Data or State.Done))
        {
            if (!Advance(input[consumed])) return false;
            consumed++;
        }
        return true;
    }

    private bool Advance(byte b)
    {
        switch (_state)
        {
            case State.Size:
                int digit = HexValue(b);
                if (digit >= 0)
                {
                    if (++_digits > 15) return false;
                    _remaining = (_remaining << 4) | (uint)digit;
                    return true;
                }
                if (_digits == 0) return false;
                _lineBytes = 0;
                if (b == CR) { _state = State.SizeLF; return true; }
                if (b == LF) return EndSizeLine();
                if (b is (byte)';' or (byte)' ' or (byte)'\t') { _state = State.Extension; return true; }
                return false;
            case State.Extension:
                if (++_lineBytes > MaxLineBytes) return false;
                if (b == CR) { _state = State.SizeLF; return true; }
                if (b == LF) return EndSizeLine();
                return b >= 0x20 || b == (byte)'\t';
            case State.SizeLF:
                return b == LF && EndSizeLine();
            case State.DataCR:
                if (b == CR) { _state = State.DataLF; return true; }
                if (b == LF) { ResetForSize(); return true; }
                return false;
            case State.DataLF:
                if (b != LF) return false;
                ResetForSize();
                return true;
            case State.TrailerLineStart:
                if (b == CR) { _state = State.FinalLF; return true; }
                if (b == LF) { _state = State.Done; return true; }
                _state = State.TrailerLine;
                return CountTrailer();
            case State.TrailerLine:
                if (b == CR) { _state = State.TrailerLF; return CountTrailer(); }
                if (b == LF) { _state = State.TrailerLineStart; return CountTrailer(); }
                return CountTrailer();
            case State.TrailerLF:
                if (b != LF) return false;
                _state = State.TrailerLineStart;
                return true;
            case State.FinalLF:
                if (b != LF) return false;
                _state = State.Done;
                return true;
            default:
                return false;
        }
    }

    private bool EndSizeLine()
    {
        _state = _remaining == 0 ? State.TrailerLineStart : State.Data;
        return true;
    }

    private void ResetForSize()
    {
        _state = State.Size;
        _digits = 0;
        _remaining = 0;
    }

    private bool CountTrailer() => ++_trailerBytes <= MaxTrailerBytes;

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
