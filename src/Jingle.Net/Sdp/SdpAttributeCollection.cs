using System.Collections.ObjectModel;

namespace Jingle.Net.Sdp;

/// <summary>
/// The ordered <c>a=</c> lines of a session or media description (plus any unknown lines, in place), with typed
/// look-ups. Order is kept exactly; setters replace the first matching attribute in place or append.
/// </summary>
public sealed class SdpAttributeCollection : Collection<SdpAttribute>
{
    /// <summary>The first attribute of type <typeparamref name="T"/>, or null.</summary>
    public T? Get<T>()
        where T : SdpAttribute
    {
        foreach (SdpAttribute a in Items)
        {
            if (a is T t)
            {
                return t;
            }
        }

        return null;
    }

    /// <summary>Every attribute of type <typeparamref name="T"/>, in order.</summary>
    public IEnumerable<T> GetAll<T>()
        where T : SdpAttribute
    {
        foreach (SdpAttribute a in Items)
        {
            if (a is T t)
            {
                yield return t;
            }
        }
    }

    /// <summary>The first attribute named <paramref name="name"/>, or null.</summary>
    public SdpAttribute? Get(string name)
    {
        foreach (SdpAttribute a in Items)
        {
            if (a is not UnknownLine && string.Equals(a.Name, name, StringComparison.Ordinal))
            {
                return a;
            }
        }

        return null;
    }

    /// <summary>True when an attribute (property or value) named <paramref name="name"/> is present.</summary>
    public bool Contains(string name) => Get(name) is not null;

    /// <summary>The value of the first value attribute named <paramref name="name"/>, or null.</summary>
    public string? GetValue(string name) => Get(name)?.GetValue();

    /// <summary>Sets the value of a text attribute (replacing the first in place, removing others), or removes it when null.</summary>
    public void SetValue(string name, string? value)
    {
        if (value is null)
        {
            RemoveAll(name);
            return;
        }

        Replace(name, new SdpValueAttribute(name, value));
    }

    /// <summary>Adds or removes a property attribute such as rtcp-mux.</summary>
    public void SetProperty(string name, bool present)
    {
        if (!present)
        {
            RemoveAll(name);
        }
        else if (!Contains(name))
        {
            Add(new SdpPropertyAttribute(name));
        }
    }

    /// <summary>Replaces the first attribute named like <paramref name="attribute"/> in place (removing the others), or appends it.</summary>
    public void Replace(SdpAttribute attribute) => Replace(attribute.Name, attribute);

    /// <summary>Removes every attribute named <paramref name="name"/>; returns how many.</summary>
    public int RemoveAll(string name)
    {
        int removed = 0;
        for (int i = Count - 1; i >= 0; i--)
        {
            if (Items[i] is not UnknownLine && string.Equals(Items[i].Name, name, StringComparison.Ordinal))
            {
                RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Removes every attribute of type <typeparamref name="T"/>; returns how many.</summary>
    public int RemoveAll<T>()
        where T : SdpAttribute
    {
        int removed = 0;
        for (int i = Count - 1; i >= 0; i--)
        {
            if (Items[i] is T)
            {
                RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }

    private void Replace(string name, SdpAttribute attribute)
    {
        int first = -1;
        for (int i = 0; i < Count; i++)
        {
            if (Items[i] is not UnknownLine && string.Equals(Items[i].Name, name, StringComparison.Ordinal))
            {
                first = i;
                break;
            }
        }

        if (first < 0)
        {
            Add(attribute);
            return;
        }

        this[first] = attribute;
        for (int i = Count - 1; i > first; i--)
        {
            if (Items[i] is not UnknownLine && string.Equals(Items[i].Name, name, StringComparison.Ordinal))
            {
                RemoveAt(i);
            }
        }
    }
}
