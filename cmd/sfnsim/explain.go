package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sfnsim/sfnsim/internal/suggest"
	"github.com/sfnsim/sfnsim/lint"
	"github.com/sfnsim/sfnsim/lint/format"
)

func newExplainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain [ID|NAME]",
		Short: "Print a lint rule's documentation, or list all rules",
		Long: `Print a lint rule's documentation: its id, name, severity, the code AWS's
validator gives the same problem, what it checks and why, how to fix a finding,
an example that triggers it and its fix, and the AWS document it follows.

A rule is named by its id (DMAP015, dmap15) or its name (map-label-invalid).
With no argument, list every rule: id, severity and summary.`,
		Example: `  sfnsim explain             # list all rules
  sfnsim explain DMAP015
  sfnsim explain unreachable-state`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return format.RuleList(cmd.OutOrStdout(), lint.Rules())
			}
			r := lookupRule(args[0])
			if r == nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "sfnsim: unknown rule %q%s\nRun 'sfnsim explain' to list all rules.\n",
					args[0], didYouMean(args[0]))
				return exitStatus(exitUsage)
			}
			return format.Explain(cmd.OutOrStdout(), r)
		},
	}
}

// lookupRule finds a rule by id or name, also when the id's number is
// written without its leading zeros (dmap15 for DMAP015).
func lookupRule(s string) *lint.Rule {
	if r := lint.LookupRule(s); r != nil {
		return r
	}
	prefix := strings.TrimRight(s, "0123456789")
	if num := s[len(prefix):]; num != "" && len(num) < 3 {
		return lint.LookupRule(prefix + strings.Repeat("0", 3-len(num)) + num)
	}
	return nil
}

// didYouMean suggests the rule id or name closest to s.
func didYouMean(s string) string {
	var names []string
	for _, r := range lint.Rules() {
		names = append(names, r.ID, r.Name)
	}
	best := suggest.Closest(s, names)
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}
