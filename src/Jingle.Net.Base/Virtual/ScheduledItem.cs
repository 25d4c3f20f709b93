namespace Jingle.Net.Base.Virtual;

/// <summary>Something the network does at a time: a datagram leaving a link, a TCP segment arriving.</summary>
internal abstract class ScheduledItem
{
    /// <summary>When it is due, in ticks since the network was created.</summary>
    public long Due { get; set; }

    /// <summary>Runs it. Called by the network's pump without its lock held.</summary>
    public abstract void Run(VirtualNetwork network);

    /// <summary>Releases what it holds when the network is disposed before it ran.</summary>
    public virtual void Discard()
    {
    }
}
