// Copyright (c) ValkeyFips.Sdk contributors. Licensed under the MIT license.

// Builds run against a local Docker engine with bind mounts, root filesystems and Unix modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
