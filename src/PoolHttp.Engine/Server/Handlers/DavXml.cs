using System.Text;
using System.Xml;
using System.Xml.Linq;
using PoolHttp.Engine.Http;

namespace PoolHttp.Engine.Server.Handlers;

/// <summary>The XML side of WebDAV: reading a request body (bounded, no DTDs) and sending a DAV XML response.</summary>
internal static class DavXml
{
    /// <summary>The DAV: namespace.</summary>
    public static readonly XNamespace D = "DAV:";

    /// <summary>The largest XML request body read (PROPFIND, PROPPATCH, LOCK); larger is 413.</summary>
    public const int MaxBodyBytes = 1 << 20;

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxBodyBytes * 2L,
    };

    /// <summary>The request body as an XML document, null when there is none; 400 when it is not well-formed XML.</summary>
    public static XElement? ReadBody(Connection c)
    {
        if (!c.Head.HasBody) return null;
        if (c.Head.ContentLength > MaxBodyBytes)
            throw new HttpError(413, $"A WebDAV XML body may have at most {MaxBodyBytes} bytes.", closeConnection: true);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = c.ReadBody(chunk)) > 0)
        {
            if (buffer.Length + n > MaxBodyBytes)
                throw new HttpError(413, $"A WebDAV XML body may have at most {MaxBodyBytes} bytes.", closeConnection: true);
            buffer.Write(chunk, 0, n);
        }
        if (buffer.Length == 0) return null;
        buffer.Position = 0;
        try
        {
            using var reader = XmlReader.Create(buffer, ReaderSettings);
            return XElement.Load(reader, LoadOptions.None);
        }
        catch (XmlException e)
        {
            throw new HttpError(400, "The XML body is not well-formed: " + e.Message);
        }
    }

    /// <summary>Sends an XML body (UTF-8, with declaration) with a status and extra headers.</summary>
    public static void Respond(Connection c, int status, XElement root, IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            new XDocument(root).Save(writer);
        }
        c.Respond(status, stream.GetBuffer().AsSpan(0, (int)stream.Length), "application/xml; charset=utf-8", headers);
    }

    /// <summary>Answers with an RFC 4918 error body naming the precondition that failed (<c>&lt;D:error&gt;&lt;D:NAME/&gt;</c>).</summary>
    public static void RespondCondition(Connection c, int status, string condition)
    {
        if (c.Head.HasBody) c.CloseAfter();
        Respond(c, status, Root("error", new XElement(D + condition)));
    }

    /// <summary>A new element in the DAV: namespace declared with the "D" prefix.</summary>
    public static XElement Root(string name, params object[] content) =>
        new(D + name, new XAttribute(XNamespace.Xmlns + "D", D.NamespaceName), content);
}
