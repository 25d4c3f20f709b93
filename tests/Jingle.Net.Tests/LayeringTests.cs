using System.Reflection;
using System.Xml.Linq;

namespace Jingle.Net.Tests;

/// <summary>
/// The layer table of ../shared/STYLE.md, enforced like libwebrtc's DEPS files: an assembly may reference only the
/// assemblies below it, both in its compiled metadata and in its project file.
/// </summary>
public sealed class LayeringTests
{
    public static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Jingle.Net.Base"] = [],
        ["Jingle.Net.Stun"] = ["Jingle.Net.Base"],
        ["Jingle.Net.Ice"] = ["Jingle.Net.Stun", "Jingle.Net.Base"],
        ["Jingle.Net.Rtp"] = ["Jingle.Net.Ice", "Jingle.Net.Stun", "Jingle.Net.Base"],
        ["Jingle.Net.Sctp"] = ["Jingle.Net.Ice", "Jingle.Net.Base"],
        ["Jingle.Net.Media"] = ["Jingle.Net.Rtp", "Jingle.Net.Sctp", "Jingle.Net.Ice", "Jingle.Net.Stun", "Jingle.Net.Base"],
        ["Jingle.Net"] = ["Jingle.Net.Media", "Jingle.Net.Rtp", "Jingle.Net.Sctp", "Jingle.Net.Ice", "Jingle.Net.Stun", "Jingle.Net.Base"],
        ["Jingle.Net.Xmpp"] = ["Jingle.Net", "Jingle.Net.Media", "Jingle.Net.Rtp", "Jingle.Net.Sctp", "Jingle.Net.Ice", "Jingle.Net.Stun", "Jingle.Net.Base"],
    };

    public static TheoryData<string> Assemblies => new(Allowed.Keys);

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void CompiledReferences_FollowTheLayerTable(string assemblyName)
    {
        Assembly assembly = Assembly.Load(assemblyName);
        string[] forbidden = assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(IsOurs)
            .Where(name => !Allowed[assemblyName].Contains(name))
            .ToArray();
        Assert.True(forbidden.Length == 0, $"{assemblyName} references {string.Join(", ", forbidden)}, which the layer table forbids.");
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void ProjectReferences_FollowTheLayerTable(string assemblyName)
    {
        string project = Path.Combine(RepoRoot(), "src", assemblyName, assemblyName + ".csproj");
        Assert.True(File.Exists(project), $"missing {project}");
        string[] forbidden = XDocument.Load(project).Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value))
            .Where(name => !Allowed[assemblyName].Contains(name))
            .ToArray();
        Assert.True(forbidden.Length == 0, $"{assemblyName}.csproj references {string.Join(", ", forbidden)}, which the layer table forbids.");
    }

    [Fact]
    public void EverySourceProject_IsInTheLayerTable()
    {
        string[] projects = Directory.GetDirectories(Path.Combine(RepoRoot(), "src")).Select(Path.GetFileName).ToArray()!;
        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), projects.Order(StringComparer.Ordinal));
    }

    private static bool IsOurs(string name) => name == "Jingle.Net" || name.StartsWith("Jingle.Net.", StringComparison.Ordinal);

    internal static string RepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Jingle.Net.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Jingle.Net.sln not found above " + AppContext.BaseDirectory);
    }
}
