using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Ice.Ports;
using Jingle.Net.Ice.Tests.Support;
using Jingle.Net.Testing;

namespace Jingle.Net.Ice.Tests.Interop;

/// <summary>
/// ICE-TCP against libnice (an independent RFC 5245/6544 agent) through its GObject bindings: a small Python agent
/// with UDP off and TCP on, candidates and credentials exchanged through stdout and a file in a private temp dir. (Its GObject
/// bindings hand back only the length of a received packet, so the libnice side checks the length of ours.)
/// </summary>
[Trait("Category", TestCategories.Interop)]
public sealed class LibniceIceTcpInteropTests
{
    private const string Typelib = "/usr/lib/x86_64-linux-gnu/girepository-1.0/Nice-0.1.typelib";

    [Fact]
    public async Task TcpOnly_ControllingAgainstLibnice_ConnectsOverTcp_DataBothWays()
    {
        string python = Requires.Program("/usr/bin/python3", "apt-get install python3-gi");
        Requires.File(Typelib, "apt-get install gir1.2-nice-0.1");
        string dir = Directory.CreateTempSubdirectory("jingle-libnice-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "agent.py"), AgentScript, TestContext.Current.CancellationToken);
            string remoteFile = Path.Combine(dir, "remote.txt");
            await using ExternalProcess nice = ExternalProcess.Start(python, [Path.Combine(dir, "agent.py"), remoteFile], dir);
            await nice.WaitForOutputAsync("GATHERED", TimeSpan.FromSeconds(10));
            string[] lines = nice.Output.Split('\n', StringSplitOptions.TrimEntries);
            string[] cred = lines.First(l => l.StartsWith("CRED ", StringComparison.Ordinal)).Split(' ');
            IceCandidate[] niceCandidates = [.. lines.Where(l => l.StartsWith("CAND ", StringComparison.Ordinal)).Select(l => IceCandidate.Parse(l[5..]))];
            Assert.Contains(niceCandidates, c => c.TcpType == TcpCandidateType.Passive);

            var log = new CapturingLoggerFactory();
            await using RealAgentPair agent = await RealAgentPair.StartAsync(RealAgentPair.Allocator(udp: false), RealAgentPair.Allocator(udp: false, tcp: false),
                toB: _ => false, toA: _ => false, loggerFactory: log);
            P2PTransportChannel a = agent.A;
            Assert.True(await agent.Eventually(() => a.GatheringState == IceGatheringState.Complete, TimeSpan.FromSeconds(5)));
            string ours = await agent.On(() =>
            {
                a.SetRemoteParameters(new IceParameters(cred[1], cred[2], IsIceLite: false));
                foreach (IceCandidate c in niceCandidates)
                {
                    a.AddRemoteCandidate(c);
                }

                a.AddRemoteEndOfCandidates();
                return $"CRED {a.LocalParameters!.Ufrag} {a.LocalParameters.Password}\n"
                    + string.Concat(a.LocalCandidates.Select(c => $"CAND a={c.ToSdpString()}\n")) + "DONE\n";
            });
            await File.WriteAllTextAsync(remoteFile + ".tmp", ours, TestContext.Current.CancellationToken);
            File.Move(remoteFile + ".tmp", remoteFile);

            try
            {
                await nice.WaitForOutputAsync("SELECTED", TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                string[] ourLog = await agent.On(() => log.Lines.Select(l => l.Message).ToArray());
                Assert.Fail(string.Join('\n', ourLog));
            }
            Assert.True(await agent.Eventually(() => a.IsWritable, TimeSpan.FromSeconds(5)));
            Assert.True(await agent.Eventually(() => agent.ReceivedByA.Count > 0, TimeSpan.FromSeconds(5)), nice.Output);
            Assert.Equal([0x17, .. "hello-from-libnice"u8.ToArray()], await agent.On(() => agent.ReceivedByA[0]));

            Assert.True(await agent.On(() => a.Send([0x17, 0x4A, 0x4E])));
            await nice.WaitForOutputAsync("RECVLEN 3", TimeSpan.FromSeconds(5));
            CandidatePairStats selected = (await agent.On(() => a.SelectedPair))!;
            Assert.Equal(CandidateProtocol.Tcp, selected.LocalCandidate.Protocol);
            Assert.EndsWith("|tcp]", selected.Description, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private const string AgentScript = """
import os, sys, gi
gi.require_version('Nice', '0.1')
from gi.repository import Nice, GLib

remote_file = sys.argv[1]
loop = GLib.MainLoop()
agent = Nice.Agent.new(loop.get_context(), Nice.Compatibility.RFC5245)
agent.set_property('ice-udp', False)
agent.set_property('ice-tcp', True)
agent.set_property('controlling-mode', False)
addr = Nice.Address()
addr.init()
addr.set_from_string('127.0.0.1')
agent.add_local_address(addr)
sid = agent.add_stream(1)
state = {'remote': False, 'ready': False}

def out(s):
    print(s, flush=True)

def on_gathering_done(a, stream_id):
    ok, ufrag, pwd = a.get_local_credentials(stream_id)
    out('CRED %s %s' % (ufrag, pwd))
    for c in a.get_local_candidates(stream_id, 1):
        out('CAND ' + a.generate_local_candidate_sdp(c))
    out('GATHERED')

def on_state(a, stream_id, component, st):
    out('STATE %s' % Nice.ComponentState(st).value_nick)
    if st == Nice.ComponentState.READY and not state['ready']:
        state['ready'] = True
        out('SELECTED')  # get_selected_pair is not usable through introspection; UDP is off, so it is TCP
        a.send(stream_id, component, 19, '\x17hello-from-libnice')  # buf is a str here: ASCII only (0x17: DTLS range, RFC 7983)

def poll_remote():
    if not state['remote'] and os.path.exists(remote_file) and open(remote_file).read().endswith('DONE\n'):
        state['remote'] = True
        lines = open(remote_file).read().splitlines()
        cands = []
        for line in lines:
            if line.startswith('CRED '):
                _, u, p = line.split(' ')
                agent.set_remote_credentials(sid, u, p)
            elif line.startswith('CAND '):
                c = agent.parse_remote_candidate_sdp(sid, line[5:])
                if c is not None:
                    cands.append(c)
        n = agent.set_remote_candidates(sid, 1, cands)
        out('REMOTE %d' % n)
    # Without a recv callback (attach_recv is not introspectable) libnice reads its sockets, STUN included, only
    # inside recv: poll it from the start.
    while True:
        try:
            result = agent.recv_nonblocking(sid, 1, None)
        except GLib.Error:
            break
        # Through introspection only the length comes back (the buffer is not returned): enough to see a packet arrive.
        n = result[0] if isinstance(result, tuple) else result
        if n <= 0:
            break
        out('RECVLEN %d' % n)
    return True

agent.connect('candidate-gathering-done', on_gathering_done)
agent.connect('component-state-changed', on_state)
agent.gather_candidates(sid)
GLib.timeout_add(10, poll_remote)
GLib.timeout_add(20000, loop.quit)
loop.run()
""";
}
