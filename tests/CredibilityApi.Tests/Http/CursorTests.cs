using CredibilityApi.Http;

namespace CredibilityApi.Tests.Http;

public sealed class CursorTests
{
    [Fact]
    public void IdCursorsRoundTrip()
    {
        Assert.True(Cursor.TryDecode(Cursor.Encode(42), out var id));
        Assert.Equal(42, id);
    }

    [Theory]
    [InlineData(-3.25e-6, 7L)]
    [InlineData(0.0, 1L)]
    [InlineData(-1e300, long.MaxValue)]
    public void RankedCursorsRoundTripExactly(double rank, long id)
    {
        Assert.True(Cursor.TryDecode(Cursor.Encode(rank, id), out double decodedRank, out var decodedId));
        Assert.Equal(BitConverter.DoubleToInt64Bits(rank), BitConverter.DoubleToInt64Bits(decodedRank));
        Assert.Equal(id, decodedId);
    }

    [Fact]
    public void OneKindOfCursorIsNotTheOther()
    {
        Assert.False(Cursor.TryDecode(Cursor.Encode(-1.5, 3), out _));
        Assert.False(Cursor.TryDecode(Cursor.Encode(3), out _, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("cjE6eHh4eHh4eHh4eHh4eHh4eDox")]   // r1:xxxxxxxxxxxxxxxx:1
    [InlineData("cjE6N2ZmMDAwMDAwMDAwMDAwMDox")]   // r1:7ff0000000000000:1 (infinity)
    [InlineData("cjE6MDAwMDAwMDAwMDAwMDAwMDow")]   // r1:0000000000000000:0
    public void MalformedRankedCursorsDoNotDecode(string cursor) =>
        Assert.False(Cursor.TryDecode(cursor, out _, out _));
}
