using System.Security.Cryptography;
using Jingle.Net.Xmpp.Sasl;
using Jingle.Net.Xmpp.Xml;

namespace Jingle.Net.Xmpp;

public sealed partial class XmppEngine
{
    private LoginStep _login = LoginStep.None;
    private ISaslMechanism? _sasl;
    private bool _authenticated;
    private bool _serverOffersSm;
    private string? _bindId;
    private string? _sessionId;

    private enum LoginStep
    {
        None,
        WaitStreamHeader,
        WaitFeatures,
        WaitProceed,
        WaitTls,
        WaitSasl,
        WaitBind,
        WaitSession,
        WaitResumed,
        Done,
        Closed,
    }

    /// <summary>
    /// Stream negotiation (RFC 6120 §4.3): features → STARTTLS → restart → SASL → restart → bind → (session) → open.
    /// <code>
    ///  header ─▶ features ─▶ starttls ─▶ proceed ─▶ [TLS] ─▶ header ─▶ features ─▶ auth ─▶ success
    ///     ─▶ header ─▶ features ─▶ bind (or XEP-0198 resume) ─▶ session if required ─▶ OPEN
    /// </code>
    /// </summary>
    private void HandleLoginElement(XmppElement e)
    {
        switch (_login)
        {
            case LoginStep.WaitFeatures when e.Is("features", XmppNamespaces.Stream):
                OnFeatures(e);
                return;
            case LoginStep.WaitProceed when e.Is("proceed", XmppNamespaces.Tls):
                _parser.DiscardBuffered();
                _login = LoginStep.WaitTls;
                _output.StartTls(Settings.Domain);
                return;
            case LoginStep.WaitProceed when e.Is("failure", XmppNamespaces.Tls):
                Fail(XmppErrorCode.Tls, "tls-failure");
                return;
            case LoginStep.WaitSasl when e.Namespace == XmppNamespaces.Sasl:
                OnSaslElement(e);
                return;
            case LoginStep.WaitBind when e.Is("iq", XmppNamespaces.Client) && e.Id == _bindId:
                OnBindResult(e);
                return;
            case LoginStep.WaitSession when e.Is("iq", XmppNamespaces.Client) && e.Id == _sessionId:
                if (e.Type == "result")
                {
                    FinishLogin();
                }
                else
                {
                    Fail(XmppErrorCode.Bind, XmppStanzaException.FromStanza(e).Condition);
                }

                return;
            case LoginStep.WaitResumed when e.Namespace == XmppNamespaces.StreamManagement:
                OnResumeAnswer(e);
                return;
            default:
                SendStreamErrorAndClose("unsupported-stanza-type", $"unexpected <{e.Name}> during login step {_login}", XmppErrorCode.Xml);
                return;
        }
    }

    private void OnFeatures(XmppElement features)
    {
        if (!_tlsActive && Settings.TlsMode != XmppTlsMode.None)
        {
            if (features.Element("starttls", XmppNamespaces.Tls) is null)
            {
                Fail(XmppErrorCode.Tls, "server does not offer STARTTLS");
                return;
            }

            WriteElement(new XmppElement("starttls", XmppNamespaces.Tls));
            _login = LoginStep.WaitProceed;
            return;
        }

        if (!_authenticated)
        {
            StartSasl(features.Element("mechanisms", XmppNamespaces.Sasl));
            return;
        }

        _serverOffersSm = Settings.StreamManagement && features.Element("sm", XmppNamespaces.StreamManagement) is not null;
        XmppElement? session = features.Element("session", XmppNamespaces.Session);
        _sessionRequired = session is not null && session.Element("optional", XmppNamespaces.Session) is null;
        if (_serverOffersSm && _sm.ResumptionId is not null)
        {
            WriteElement(new XmppElement("resume", XmppNamespaces.StreamManagement)
                .SetAttribute("previd", _sm.ResumptionId)
                .SetAttribute("h", _sm.InboundCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            _login = LoginStep.WaitResumed;
            return;
        }

        if (features.Element("bind", XmppNamespaces.Bind) is null)
        {
            Fail(XmppErrorCode.Bind, "server offers no resource binding");
            return;
        }

        SendBind();
    }

    private bool _sessionRequired;

    private void SendBind()
    {
        _bindId = NextId();
        var iq = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "set").SetAttribute("id", _bindId);
        XmppElement bind = iq.AddChild("bind", XmppNamespaces.Bind);
        if (Settings.User.Resource is { } resource)
        {
            bind.AddTextChild("resource", resource);
        }

        WriteElement(iq);
        _login = LoginStep.WaitBind;
    }

    private void StartSasl(XmppElement? mechanisms)
    {
        var offered = new HashSet<string>(StringComparer.Ordinal);
        if (mechanisms is not null)
        {
            foreach (XmppElement m in mechanisms.Elements("mechanism", XmppNamespaces.Sasl))
            {
                offered.Add(m.Text.Trim());
            }
        }

        bool serverOffersPlus = offered.Any(m => m.EndsWith("-PLUS", StringComparison.Ordinal));
        string user = Settings.User.Local ?? string.Empty;
        foreach (string name in Settings.Mechanisms)
        {
            if (!offered.Contains(name))
            {
                continue;
            }

            ISaslMechanism? mechanism = name switch
            {
                "PLAIN" when _tlsActive => new PlainMechanism(user, Settings.Password),
                "SCRAM-SHA-1" => NewScram(HashAlgorithmName.SHA1, null, serverOffersPlus),
                "SCRAM-SHA-256" => NewScram(HashAlgorithmName.SHA256, null, serverOffersPlus),
                "SCRAM-SHA-1-PLUS" when _channelBinding is not null => NewScram(HashAlgorithmName.SHA1, _channelBinding, true),
                "SCRAM-SHA-256-PLUS" when _channelBinding is not null => NewScram(HashAlgorithmName.SHA256, _channelBinding, true),
                _ => null,
            };
            if (mechanism is null)
            {
                continue;
            }

            _sasl = mechanism;
            XmppLog.SaslMechanism(_logger, mechanism.Name);
            var auth = new XmppElement("auth", XmppNamespaces.Sasl) { Text = ToBase64(mechanism.GetInitialResponse()) };
            auth.SetAttribute("mechanism", mechanism.Name);
            WriteElement(auth);
            _login = LoginStep.WaitSasl;
            return;
        }

        Fail(XmppErrorCode.Unauthorized, offered.Count == 0 ? "no-mechanisms-offered" : "no-acceptable-mechanism");
    }

    private ScramMechanism NewScram(HashAlgorithmName hash, TlsChannelBinding? binding, bool serverOffersPlus) =>
        new(hash, Settings.User.Local ?? string.Empty, Settings.Password, ScramMechanism.CreateNonce(_env.Random), binding,
            clientCouldBind: _channelBinding is not null && !serverOffersPlus);

    private void OnSaslElement(XmppElement e)
    {
        switch (e.Name)
        {
            case "challenge":
                byte[]? challenge = FromBase64(e.Text);
                byte[]? response = challenge is null ? null : _sasl!.Respond(challenge);
                if (response is null)
                {
                    WriteElement(new XmppElement("abort", XmppNamespaces.Sasl));
                    Fail(XmppErrorCode.Unauthorized, "invalid-server-challenge");
                    return;
                }

                WriteElement(new XmppElement("response", XmppNamespaces.Sasl) { Text = ToBase64(response) });
                return;
            case "success":
                byte[]? extra = FromBase64(e.Text);
                if (extra is null || !_sasl!.VerifySuccess(extra))
                {
                    Fail(XmppErrorCode.Unauthorized, "server-signature-invalid");
                    return;
                }

                _authenticated = true;
                AuthenticatedMechanism = _sasl!.Name;
                StartStream();
                return;
            case "failure":
                string condition = e.Children.Count > 0 && e.Children[0].Name != "text" ? e.Children[0].Name : "not-authorized";
                XmppLog.SaslFailed(_logger, _sasl!.Name, condition);
                Fail(XmppErrorCode.Unauthorized, condition);
                return;
            default:
                SendStreamErrorAndClose("unsupported-stanza-type", "unexpected SASL element", XmppErrorCode.Xml);
                return;
        }
    }

    private void OnBindResult(XmppElement iq)
    {
        if (iq.Type != "result" || iq.Element("bind", XmppNamespaces.Bind)?.ChildText("jid") is not { } text
            || !Jid.TryParse(text, out Jid? jid) || jid.IsBare)
        {
            Fail(XmppErrorCode.Bind, iq.Type == "error" ? XmppStanzaException.FromStanza(iq).Condition : "bad-bind-result");
            return;
        }

        BoundJid = jid;
        XmppLog.Bound(_logger, jid.ToString());
        if (_sessionRequired)
        {
            _sessionId = NextId();
            var session = new XmppElement("iq", XmppNamespaces.Client).SetAttribute("type", "set").SetAttribute("id", _sessionId);
            session.AddChild("session", XmppNamespaces.Session);
            WriteElement(session);
            _login = LoginStep.WaitSession;
            return;
        }

        FinishLogin();
    }

    private void FinishLogin()
    {
        _login = LoginStep.Done;
        if (_serverOffersSm)
        {
            EnableStreamManagement();
        }

        TransitionTo(XmppEngineState.Open, XmppErrorCode.None, null);
        FlushQueued();
    }

    /// <summary>Closes during login with <paramref name="condition"/>.</summary>
    private void Fail(XmppErrorCode error, string condition)
    {
        if (State == XmppEngineState.Closed)
        {
            return;
        }

        _output.WriteOutput(StreamEnd);
        TransitionTo(XmppEngineState.Closed, error, condition);
        _output.CloseConnection();
    }

    private static string ToBase64(byte[] data) => data.Length == 0 ? "=" : Convert.ToBase64String(data);

    private static byte[]? FromBase64(string text)
    {
        text = text.Trim();
        if (text.Length == 0 || text == "=")
        {
            return [];
        }

        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
