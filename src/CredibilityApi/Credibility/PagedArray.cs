namespace CredibilityApi.Credibility;

/// <summary>
/// An array in pages of 4,096 that forks cheaply: a fork shares every page with its parent and
/// copies one only when it first writes to it. A snapshot moved on by a few changed sources then
/// costs those sources' pages, not a copy of every source.
/// </summary>
/// <remarks>
/// Forked and written by one thread before it is published; read by any number after. A page
/// shared with an older snapshot is never written through the newer one without being copied.
/// </remarks>
internal sealed class PagedArray<T>
{
    private const int Shift = 12;
    private const int PageSize = 1 << Shift;

    private readonly T[][] pages;
    private readonly bool[] owned;

    public PagedArray(int length)
    {
        Length = length;
        pages = new T[(length + PageSize - 1) >> Shift][];
        owned = new bool[pages.Length];
        for (var p = 0; p < pages.Length; p++)
        {
            (pages[p], owned[p]) = (new T[PageSize], true);
        }
    }

    private PagedArray(PagedArray<T> parent)
    {
        Length = parent.Length;
        pages = (T[][])parent.pages.Clone();
        owned = new bool[pages.Length];
    }

    public int Length { get; }

    public T this[int index] => pages[index >> Shift][index & (PageSize - 1)];

    /// <summary>A copy that shares every page until it writes to one.</summary>
    public PagedArray<T> Fork() => new(this);

    /// <summary>The element to write, its page copied first when shared.</summary>
    public ref T At(int index)
    {
        var page = index >> Shift;
        if (!owned[page])
        {
            (pages[page], owned[page]) = ((T[])pages[page].Clone(), true);
        }
        return ref pages[page][index & (PageSize - 1)];
    }

    /// <summary>
    /// A slot readers may fill lazily (a cache): written in place, shared page or not, because
    /// every snapshot sharing the page holds the same value for it.
    /// </summary>
    public ref T Shared(int index) => ref pages[index >> Shift][index & (PageSize - 1)];
}
