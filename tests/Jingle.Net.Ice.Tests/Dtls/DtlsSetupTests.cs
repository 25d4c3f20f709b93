using Jingle.Net.Ice.Dtls;

namespace Jingle.Net.Ice.Tests.Dtls;

public sealed class DtlsSetupTests
{
    [Theory]
    [InlineData(DtlsSetup.Active, DtlsSetup.Passive, DtlsRole.Client)]
    [InlineData(DtlsSetup.Active, DtlsSetup.ActPass, DtlsRole.Client)]
    [InlineData(DtlsSetup.Passive, DtlsSetup.Active, DtlsRole.Server)]
    [InlineData(DtlsSetup.Passive, DtlsSetup.ActPass, DtlsRole.Server)]
    [InlineData(DtlsSetup.ActPass, DtlsSetup.Active, DtlsRole.Server)]
    [InlineData(DtlsSetup.ActPass, DtlsSetup.Passive, DtlsRole.Client)]
    public void Rfc5763_RoleFromSetup(DtlsSetup local, DtlsSetup remote, DtlsRole expected) =>
        Assert.Equal(expected, DtlsSetupExtensions.ResolveLocalRole(local, remote));

    [Theory]
    [InlineData(DtlsSetup.ActPass, DtlsSetup.ActPass)]
    [InlineData(DtlsSetup.Active, DtlsSetup.Active)]
    [InlineData(DtlsSetup.Passive, DtlsSetup.Passive)]
    public void ConflictingSetups_Throw(DtlsSetup local, DtlsSetup remote) =>
        Assert.Throws<InvalidOperationException>(() => DtlsSetupExtensions.ResolveLocalRole(local, remote));

    [Fact]
    public void AnswerToActPass_IsActive_AndBothSidesAgree()
    {
        DtlsSetup answer = DtlsSetupExtensions.AnswerTo(DtlsSetup.ActPass);
        Assert.Equal(DtlsSetup.Active, answer);
        DtlsRole offerer = DtlsSetupExtensions.ResolveLocalRole(DtlsSetup.ActPass, answer);
        DtlsRole answerer = DtlsSetupExtensions.ResolveLocalRole(answer, DtlsSetup.ActPass);
        Assert.NotEqual(offerer, answerer);
    }

    [Theory]
    [InlineData("actpass", DtlsSetup.ActPass)]
    [InlineData("ACTIVE", DtlsSetup.Active)]
    [InlineData(" passive ", DtlsSetup.Passive)]
    public void WireForm_RoundTrips(string token, DtlsSetup expected)
    {
        Assert.Equal(expected, DtlsSetupExtensions.ParseSetup(token));
        Assert.Equal(expected, DtlsSetupExtensions.ParseSetup(expected.ToWireString()));
    }

    [Theory]
    [InlineData("holdconn")]
    [InlineData("")]
    [InlineData("client")]
    public void UnknownSetup_IsAFormatException(string token) =>
        Assert.Throws<FormatException>(() => DtlsSetupExtensions.ParseSetup(token));
}
