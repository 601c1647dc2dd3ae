namespace CredibilityApi.Demo;

/// <summary><c>--demo</c> on the command line is short for <c>--Demo:Load=true</c>.</summary>
public static class DemoSwitch
{
    public static string[] Apply(string[] args) =>
        [.. args.Select(a => a == "--demo" ? "--Demo:Load=true" : a)];
}
