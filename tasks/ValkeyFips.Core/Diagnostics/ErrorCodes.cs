// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

namespace ValkeyFips.Core.Diagnostics;

/// <summary>
/// Every diagnostic code the SDK reports, grouped in ranges by kind. A code is never reused for
/// a different failure; a test keeps them unique.
/// </summary>
/// <remarks>
/// VF1xxx project input, VF2xxx sources, VF3xxx build engine, VF4xxx image, VF5xxx runtime
/// verification, VF6xxx warnings about the compliance state of the image.
/// </remarks>
public static class ErrorCodes
{
    // Project input.
    public const string MissingSha256 = "VF1001";
    public const string UnknownComponent = "VF1002";
    public const string DependencyCycle = "VF1003";
    public const string UnknownDependency = "VF1004";
    public const string InvalidSha256 = "VF1005";
    public const string LockFileMismatch = "VF1006";
    public const string DuplicateComponent = "VF1007";
    public const string InvalidProperty = "VF1008";
    public const string CatalogInvalid = "VF1009";
    public const string LockFileInvalid = "VF1010";
    public const string MissingVersion = "VF1011";
    public const string RecipeNotFound = "VF1012";
    public const string ComponentMissingForModule = "VF1013";
    public const string ModuleNotValidated = "VF1014";
    public const string SecretUnavailable = "VF1015";
    public const string InvalidGitSource = "VF1016";
    public const string InvalidArchiveFileName = "VF1017";
    public const string InvalidComponentName = "VF1018";
    public const string InvalidPrefix = "VF1019";
    public const string RecipeInvalid = "VF1020";
    public const string InvalidImageItem = "VF1021";

    // Sources.
    public const string ChecksumMismatch = "VF2001";
    public const string SourceNotFound = "VF2002";
    public const string SourceUnreadable = "VF2003";
    public const string SecretRejected = "VF2004";
    public const string GitTagMoved = "VF2005";
    public const string GitFetchFailed = "VF2006";

    // Build engine.
    public const string EngineUnavailable = "VF3001";
    public const string BaseImageFailed = "VF3002";
    public const string PackageImageFailed = "VF3003";
    public const string ComponentBuildFailed = "VF3004";
    public const string BaseImageNotFound = "VF3005";
    public const string BuildCancelled = "VF3006";
    public const string EngineRefused = "VF3007";
    public const string SystemOpenSslInBase = "VF3008";

    // Image.
    public const string InvalidImageName = "VF4001";
    public const string ImageAssemblyFailed = "VF4002";
    public const string PushFailed = "VF4003";

    // Runtime verification.
    public const string VerificationFailed = "VF5001";

    // Warnings.
    public const string VerificationSkipped = "VF6001";
    public const string NonValidatedModule = "VF6002";
    public const string UnpinnedSource = "VF6003";

    // Failures the SDK did not foresee: a bug to report, still with a code and no stack trace.
    public const string Unexpected = "VF9001";
}
