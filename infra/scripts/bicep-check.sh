#!/bin/sh
# Compile and lint infra/main.bicep with the Bicep CLI from NuGet (Azure.Bicep.CommandLine.linux-x64);
# fails on any error or warning. For CI and developers: bash/sh infra/scripts/bicep-check.sh
# The package is restored into a scratch folder outside the repository, so the repository's
# Directory.Build.props and central package management do not apply to it.
set -eu

version="${BICEP_VERSION:-0.49.2}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="${BICEP_WORK_DIR:-${TMPDIR:-/tmp}/releasepolicy-bicep-$version}"
bicep="$work/packages/azure.bicep.commandline.linux-x64/$version/tools/bicep"

if [ ! -x "$bicep" ]; then
  mkdir -p "$work"
  cat > "$work/bicep-cli.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Azure.Bicep.CommandLine.linux-x64" Version="[$version]" />
  </ItemGroup>
</Project>
PROJ
  dotnet restore "$work/bicep-cli.csproj" --packages "$work/packages" >"$work/restore.log" 2>&1 \
    || { cat "$work/restore.log" >&2; exit 1; }
  chmod +x "$bicep"
fi

"$bicep" --version
out="$work/out"
mkdir -p "$out"
diagnostics="$("$bicep" build "$repo/infra/main.bicep" --outdir "$out" 2>&1; "$bicep" lint "$repo/infra/main.bicep" 2>&1)" || {
  printf '%s\n' "$diagnostics" >&2
  exit 1
}
if [ -n "$diagnostics" ]; then
  printf '%s\n' "$diagnostics" >&2
  echo "Bicep reported warnings." >&2
  exit 1
fi
echo "infra/main.bicep: build and lint clean."
