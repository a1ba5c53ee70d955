using System.Text;
using System.Text.Encodings.Web;

namespace Latch.Infrastructure.Mail.Composition;

/// <summary>
/// An email's body as paragraphs and links, written out twice: as plain text and as HTML. Everything inserted into
/// the HTML (the product name, an address, a link) is HTML-encoded here, so no template can forget it.
/// </summary>
internal sealed class MailBody
{
    private readonly List<(string? Text, string? Href)> _blocks = [];

    public MailBody Paragraph(string text)
    {
        _blocks.Add((text, null));
        return this;
    }

    /// <summary>A call to action: a button-like link in HTML, the bare URL on its own line in the text part.</summary>
    public MailBody Link(string label, string href)
    {
        _blocks.Add((label, href));
        return this;
    }

    public string Text()
    {
        var text = new StringBuilder();
        foreach (var (content, href) in _blocks)
        {
            text.Append(href is null ? content : $"{content}:\n{href}").Append("\n\n");
        }

        return text.ToString().TrimEnd() + "\n";
    }

    public string Html(string subject)
    {
        var html = HtmlEncoder.Default;
        var body = new StringBuilder();
        body.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>")
            .Append(html.Encode(subject))
            .Append("</title></head>\n<body style=\"font-family:sans-serif;line-height:1.5;max-width:40em\">\n");
        foreach (var (content, href) in _blocks)
        {
            if (href is null)
            {
                body.Append("<p>").Append(html.Encode(content!)).Append("</p>\n");
            }
            else
            {
                var encodedHref = html.Encode(href);
                body.Append("<p><a href=\"").Append(encodedHref).Append("\" style=\"font-weight:bold\">").Append(html.Encode(content!))
                    .Append("</a></p>\n<p style=\"font-size:small;word-break:break-all\">").Append(encodedHref).Append("</p>\n");
            }
        }

        return body.Append("</body>\n</html>\n").ToString();
    }
}
