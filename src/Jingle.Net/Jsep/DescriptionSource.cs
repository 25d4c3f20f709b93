namespace Jingle.Net.Jsep;

/// <summary>Whether a description is applied with setLocalDescription or setRemoteDescription.</summary>
internal enum DescriptionSource
{
    Local,
    Remote,
}
