namespace Latch.Host.Lambda.Runtime;

/// <summary>
/// What a payload format's translator reads out of its event, in the same terms for both formats: where each
/// format keeps a field (and whether a stage is in its path) is the translator's business. The path and the query
/// string are encoded; the query string is empty or starts with '?'; the stage prefix, when set, is still in front
/// of the path.
/// </summary>
internal readonly record struct EventFields(
    string? Method,
    string EncodedPath,
    string? StagePrefix,
    string QueryString,
    HeaderDictionary Headers,
    string? Body,
    bool IsBase64Encoded,
    string? DomainName,
    string? SourceIp,
    string? Protocol);
