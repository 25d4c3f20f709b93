using System.Net;
using Jingle.Net.Base;
using Jingle.Net.Base.Networking;
using Jingle.Net.Base.Virtual;
using Jingle.Net.Ice.Candidates;
using Jingle.Net.Ice.Channel;
using Jingle.Net.Ice.Checks;
using Jingle.Net.Ice.Ports;

namespace Jingle.Net.Ice.Tests.Support;

/// <summary>One ICE agent on a virtual host, recording what its channel reports.</summary>
internal sealed class IcePeer
{
    public IcePeer(string name, VirtualHost host, IceRole role, IceConfig? config = null, PortAllocatorOptions? allocator = null,
        Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
    {
        Name = name;
        Host = host;
        Environment = host.CreateEnvironment(loggerFactory);
        Parameters = IceParameters.Create(Environment.Random, config?.IceLite ?? false);
        Channel = new P2PTransportChannel(Environment, new P2PTransportChannelOptions
        {
            TransportName = name,
            Role = role,
            Ice = config ?? new IceConfig(),
            Allocator = allocator ?? new PortAllocatorOptions(),
        });
        Channel.CandidateGathered += (_, e) => Gathered.Add(e.Candidate);
        Channel.StateChanged += (_, s) => States.Add(s);
        Channel.SelectedPairChanged += (_, e) => Selections.Add(e);
        Channel.PacketReceived += (_, packet, _) => Received.Add(packet.ToArray());
        Channel.SetLocalParameters(Parameters);
    }

    public string Name { get; }
    public VirtualHost Host { get; }
    public JingleEnvironment Environment { get; }
    public IceParameters Parameters { get; set; }
    public P2PTransportChannel Channel { get; }
    public List<IceCandidate> Gathered { get; } = [];
    public List<IceTransportState> States { get; } = [];
    public List<SelectedPairChangedEventArgs> Selections { get; } = [];
    public List<byte[]> Received { get; } = [];

    public CandidatePairStats? Selected => Channel.SelectedPair;

    public override string ToString() => Name;
}
