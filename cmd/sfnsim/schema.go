package main

import (
	"github.com/spf13/cobra"

	"github.com/sfnsim/sfnsim/schema"
)

func newSchemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema for Amazon States Language definitions",
		Long: `Print the JSON Schema (draft-07) that sfnsim lint checks definitions against.

Save it and point your editor at it to get completion and inline errors while
writing a state machine; see "Editor support" in the README for VS Code.`,
		Example: `  sfnsim schema > asl.schema.json`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := cmd.OutOrStdout().Write(schema.Source)
			return err
		},
	}
}
