namespace Jingle.Net.Xmpp.Tests;

/// <summary>Locates /work/shared/fixtures/xmpp (or a copy under TestData/) for the fixture tests.</summary>
internal static class Fixtures
{
    public static string Directory
    {
        get
        {
            string local = Path.Combine(AppContext.BaseDirectory, "TestData", "xmpp");
            if (System.IO.Directory.Exists(local))
            {
                return local;
            }

            return "/work/shared/fixtures/xmpp";
        }
    }

    public static string Read(string name) => File.ReadAllText(Path.Combine(Directory, name));
}
