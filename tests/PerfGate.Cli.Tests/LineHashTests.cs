using NUnit.Framework;
using PerfGate.Core.Baseline;

namespace PerfGate.Cli.Tests;

/// <summary>GitHub's primaryLocationLineHash: the expected values are the CodeQL Action's own test vectors.</summary>
public sealed class LineHashTests
{
    [TestCase("", new[] { "c129715d7a2bc9a3:1" })]
    [TestCase(" a\nb\n  \t\tc\n d", new[] { "271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1" })]
    [TestCase(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
        new[] { "8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1", "b86d3392aea1be30:1", "e6ceba753e1a442:1" })]
    [TestCase(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
        new[] { "e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1",
            "c129715d7a2bc9a3:1" })]
    [TestCase(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
        new[] { "e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1",
            "c129715d7a2bc9a3:1" })]
    [TestCase(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
        new[] { "e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1",
            "c129715d7a2bc9a3:1" })]
    public void Matches_the_code_scanning_reference_hashes(string input, string[] expected)
    {
        Assert.That(LineHash.Compute(input), Is.EqualTo(expected));
    }

    [Test]
    public void Identical_lines_get_occurrence_indexes()
    {
        var hashes = LineHash.Compute(string.Concat(System.Linq.Enumerable.Repeat("Lorem ipsum dolor sit amet.\n", 10)));
        Assert.That(hashes, Is.EqualTo(new[]
        {
            "a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5",
            "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1",
        }));
    }

    [Test]
    public void Survives_lines_inserted_above_but_not_an_edit_of_the_line()
    {
        string original = "class A\n{\n    void M() { Query(); }\n}\n";
        string shifted = "// new comment\n\nclass A\n{\n    void M() { Query(); }\n}\n";
        string edited = "class A\n{\n    void M() { Query2(); }\n}\n";
        Assert.That(LineHash.Compute(shifted)[4], Is.EqualTo(LineHash.Compute(original)[2]));
        Assert.That(LineHash.Compute(edited)[2], Is.Not.EqualTo(LineHash.Compute(original)[2]));
    }
}
