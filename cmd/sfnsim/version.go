package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version is set when building a release:
//
//	go build -ldflags "-X main.version=v0.4.0" ./cmd/sfnsim
//
// Otherwise it comes from the module version in the build information
// (go install github.com/sfnsim/sfnsim/cmd/sfnsim@v0.4.0), else "dev".
var version = ""

func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print sfnsim's version",
		Long:    "Print sfnsim's version, the Go version it was built with, and the platform.",
		Example: "  sfnsim version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "sfnsim %s (%s %s/%s)\n",
				toolVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
}
