namespace Jingle.Net.Base.Virtual;

/// <summary>A scheduled callback, given its logical due time (TCP handshake steps and segments: few enough that a delegate per item is fine).</summary>
internal sealed class ScheduledAction(Action<long> run, Action? discard = null) : ScheduledItem
{
    public override void Run(VirtualNetwork network) => run(Due);

    public override void Discard() => discard?.Invoke();
}
