namespace Jingle.Net.Sctp.DataChannels;

/// <summary>Handles a message on a data channel.</summary>
public delegate void DataChannelMessageHandler(DataChannel channel, in DataChannelMessage message);
