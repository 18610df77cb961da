// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

using System.Reflection;
using System.Text.RegularExpressions;
using ValkeyFips.Core.Diagnostics;

namespace ValkeyFips.Core.Tests;

[TestClass]
public sealed partial class ErrorCodesTests
{
    [TestMethod]
    public void EveryCodeIsUniqueAndWellFormed()
    {
        var codes = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!)
            .ToList();

        Assert.IsTrue(codes.Count > 10);
        Assert.AreEqual(codes.Count, codes.Distinct().Count(), "a code names one failure only");
        foreach (var code in codes)
        {
            Assert.IsTrue(CodePattern().IsMatch(code), code);
        }
    }

    [TestMethod]
    public void CodesUsedInTheTargetsAreUniqueToTheirMeaningOrDeclared()
    {
        var targets = File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "sdk", "build", "ValkeyFips.Sdk.targets"));
        var declared = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!)
            .ToHashSet();

        foreach (Match match in TargetsCode().Matches(targets))
        {
            Assert.IsTrue(declared.Contains(match.Groups[1].Value), $"{match.Groups[1].Value} is used in the targets but not declared in ErrorCodes");
        }
    }

    [GeneratedRegex("^VF[1-69][0-9]{3}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("Code=\"(VF[0-9]{4})\"")]
    private static partial Regex TargetsCode();
}
