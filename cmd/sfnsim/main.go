// Command sfnsim checks AWS Step Functions state machines, above all the
// Distributed Map state. This package only wires flags to the lint, schema
// and format packages; see README.md for usage.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses (conventions §1.3).
const (
	exitOK       = 0 // no findings at or above --fail-on
	exitFindings = 1 // findings at or above --fail-on
	exitUsage    = 2 // usage error, unreadable or unparsable input
)

// exitStatus is an error that carries only an exit status: the command has
// already said what happened.
type exitStatus int

func (s exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

// run executes the command line args and returns the process exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	return execute(root)
}

// execute runs a command tree and turns its error into an exit status:
// an exitStatus as it is, any other error (unknown command or flag, a bad
// flag value, wrong arguments) is a usage error.
func execute(root *cobra.Command) int {
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	var status exitStatus
	if errors.As(err, &status) {
		return int(status)
	}
	fmt.Fprintf(root.ErrOrStderr(), "sfnsim: %v\nRun '%s --help' for usage.\n", err, cmd.CommandPath())
	return exitUsage
}

// newRootCmd builds the sfnsim command tree over the given streams.
func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "sfnsim",
		Short: "Lint, simulate, price and run AWS Step Functions state machines, above all Distributed Map",
		Long: `sfnsim is a tool for AWS Step Functions state machines (Amazon States Language),
above all the Distributed Map state: it finds before deploy what AWS would
reject, how long a run takes and how it fails, what it costs, and runs it for
real, locally or on AWS.

It reads plain ASL definitions (.asl.json, .json, .yaml), CloudFormation and SAM
templates, and Terraform configurations.`,
		Example: `  sfnsim lint                        # every state machine under the current directory
  sfnsim lint infra/ --format sarif  # SARIF for GitHub code scanning
  sfnsim explain DMAP015             # what a rule checks and how to fix a finding
  sfnsim simulate                    # the embedded example: duration, concurrency, throttles, verdict
  sfnsim simulate sm.asl.json --manifest manifest.csv --items 10000000 --profile profile.yaml
  sfnsim cost sm.asl.json --manifest manifest.csv --runs-per-month 30 --format markdown
  sfnsim run sm.asl.json --input input.json          # for real, with your Lambda functions and buckets
  sfnsim schema > asl.schema.json    # JSON Schema for your editor`,
		Version:       toolVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetVersionTemplate("{{.Name}} {{.Version}}\n")
	root.Flags().BoolP("version", "v", false, "print sfnsim's version")
	root.AddCommand(newLintCmd(), newSimulateCmd(), newCostCmd(), newRunCmd(), newSchemaCmd(), newExplainCmd(), newVersionCmd())
	return root
}
