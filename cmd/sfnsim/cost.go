package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sfnsim/sfnsim/cost"
	"github.com/sfnsim/sfnsim/scenarios"
	"github.com/sfnsim/sfnsim/simulate"
)

type costFlags struct {
	workloadFlags
	from, format, region, pricing, batchSizes string
	runsPerMonth                              int64
	freeTier                                  bool
}

func newCostCmd() *cobra.Command {
	var f costFlags
	cmd := &cobra.Command{
		Use:   "cost [DEFINITION]",
		Short: "Price a run: EXPRESS vs STANDARD children, batch sizes, per run and per month",
		Long: `cost simulates the state machine (as sfnsim simulate does, with the same flags)
and prices what the simulation counted — Standard transitions (one per Distributed
Map child started, every state and retry), Express requests and duration, Lambda
requests and duration, S3 requests — from an embedded, dated price table.

It compares the Distributed Map's children as written with the other execution
type, unbatched and at each --batch-sizes, says which is cheapest, and marks a
scenario AWS would not run (EXPRESS children over five minutes, or calling .sync
or .waitForTaskToken integrations) instead of pricing it. Without DEFINITION it
prices the embedded example. --from prices a saved 'sfnsim simulate --format json'
as written, without simulating again.

'sfnsim cost diff BASE.json HEAD.json' compares two 'sfnsim cost --format json'
reports, for a pull-request comment.`,
		Example: `  sfnsim cost                                       # the embedded example
  sfnsim cost sm.asl.json --manifest manifest.csv --items 1000000 --profile profile.yaml
  sfnsim cost sm.asl.json --runs-per-month 30 --free-tier --format markdown
  sfnsim cost sm.asl.json --format infracost-usage > infracost-usage.yml
  sfnsim cost diff base.json head.json --format markdown`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCost(cmd, args, &f)
		},
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.from, "from", "", "price a saved 'sfnsim simulate --format json' instead of simulating")
	fl.Int64Var(&f.runsPerMonth, "runs-per-month", 1, "runs a month: the usage is multiplied before pricing (tiers and free tiers are monthly)")
	fl.StringVar(&f.batchSizes, "batch-sizes", "10,100,1000", "ItemBatcher sizes to compare besides the one as written (1: unbatched)")
	fl.StringVar(&f.format, "format", "table", "output format: table, json, markdown or infracost-usage")
	fl.StringVar(&f.region, "region", "us-east-1", "AWS Region whose prices to use")
	fl.StringVar(&f.pricing, "pricing", "", "JSON file of prices to use over the embedded table (same shape; all or some fields)")
	fl.BoolVar(&f.freeTier, "free-tier", false, "subtract the monthly free tiers (for an account with no other usage)")
	cmd.AddCommand(newCostDiffCmd())
	return cmd
}

func runCost(cmd *cobra.Command, args []string, f *costFlags) error {
	stderr := cmd.ErrOrStderr()
	fail := func(format string, a ...any) error {
		fmt.Fprintf(stderr, "sfnsim cost: "+format+"\n", a...)
		return exitStatus(exitUsage)
	}
	switch f.format {
	case "table", "json", "markdown", "infracost-usage":
	default:
		return fail("--format %q: use table, json, markdown or infracost-usage", f.format)
	}
	if f.runsPerMonth < 1 {
		return fail("--runs-per-month %d: give at least 1", f.runsPerMonth)
	}
	sizes, err := parseBatchSizes(f.batchSizes)
	if err != nil {
		return fail("%v", err)
	}
	var override []byte
	if f.pricing != "" {
		if override, err = os.ReadFile(f.pricing); err != nil {
			return fail("--pricing: %v", err)
		}
	}
	prices, err := cost.LoadPrices(f.region, override)
	if err != nil {
		if f.pricing != "" {
			return fail("--pricing %s: %v", f.pricing, err)
		}
		return fail("%v", err)
	}
	var rep *cost.Report
	if f.from != "" {
		if len(args) > 0 {
			return fail("give either DEFINITION or --from, not both")
		}
		// The saved simulation has run: what would change it cannot apply.
		for _, name := range []string{"manifest", "items", "profile", "seed", "input", "batch-sizes", "type", "name"} {
			if fl := cmd.Flags().Lookup(name); fl != nil && fl.Changed {
				return fail("--%s cannot change a saved simulation (--from): simulate again with it, or leave it out", name)
			}
		}
		if rep, err = priceSaved(f.from, prices, f.freeTier, f.runsPerMonth); err != nil {
			return fail("%v", err)
		}
	} else {
		w, err := f.load(args, cmd.InOrStdin())
		if err != nil {
			return fail("%v", err)
		}
		if isTerminal(stderr) {
			fmt.Fprint(stderr, "simulating the scenarios…")
		}
		rep, err = scenarios.Run(scenarios.Config{Simulation: w.cfg, Prices: prices, FreeTier: f.freeTier,
			RunsPerMonth: f.runsPerMonth, BatchSizes: sizes})
		if isTerminal(stderr) {
			fmt.Fprint(stderr, "\r\033[K")
		}
		if err != nil {
			return fail("%v", err)
		}
		rep.Resource = w.def.Resource
		rep.Notes = append(rep.Notes, w.notes...)
	}
	out := cmd.OutOrStdout()
	switch f.format {
	case "json":
		return rep.WriteJSON(out)
	case "markdown":
		return rep.WriteMarkdown(out)
	case "infracost-usage":
		if err := rep.WriteInfracostUsage(out); err != nil {
			return fail("%v", err)
		}
		return nil
	}
	return rep.WriteTable(out)
}

// parseBatchSizes reads "10,100,1000".
func parseBatchSizes(list string) ([]int, error) {
	var sizes []int
	for _, part := range strings.Split(list, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		n, err := strconv.Atoi(part)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("--batch-sizes: %q is not a batch size; give whole numbers of items, 1 or more, separated by commas", part)
		}
		sizes = append(sizes, n)
	}
	if sizes == nil {
		sizes = []int{}
	}
	return sizes, nil
}

// priceSaved prices a saved simulation as written.
func priceSaved(path string, prices *cost.Prices, freeTier bool, runs int64) (*cost.Report, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--from: %w", err)
	}
	var res simulate.Result
	dec := json.NewDecoder(bytes.NewReader(text))
	if err := dec.Decode(&res); err != nil {
		return nil, fmt.Errorf("--from %s: not the JSON of 'sfnsim simulate --format json' (%v)", path, err)
	}
	if res.Status == "" {
		return nil, fmt.Errorf("--from %s: not the JSON of 'sfnsim simulate --format json' (it has no status)", path)
	}
	return scenarios.PriceResult(&res, prices, freeTier, runs)
}

func newCostDiffCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "diff BASE.json HEAD.json",
		Short: "Compare two cost reports, base and head, per state machine",
		Long: `diff compares the cost of each state machine as written in two reports of
'sfnsim cost --format json' (a file may hold several, one after the other): the
base and the head of a pull request. The markdown form starts with a hidden
marker, so that a workflow can update its comment in place.`,
		Example: `  sfnsim cost diff base.json head.json --format markdown > comment.md`,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			fail := func(format string, a ...any) error {
				fmt.Fprintf(cmd.ErrOrStderr(), "sfnsim cost diff: "+format+"\n", a...)
				return exitStatus(exitUsage)
			}
			switch format {
			case "markdown", "table", "json":
			default:
				return fail("--format %q: use markdown, table or json", format)
			}
			var sides [2][]*cost.Report
			for i, path := range args {
				f, err := os.Open(path)
				if err != nil {
					return fail("%v", err)
				}
				sides[i], err = cost.ReadReports(path, f)
				f.Close()
				if err != nil {
					return fail("%v", err)
				}
			}
			d, err := cost.DiffReports(sides[0], sides[1])
			if err != nil {
				return fail("%v", err)
			}
			out := cmd.OutOrStdout()
			switch format {
			case "table":
				return d.WriteTable(out)
			case "json":
				return d.WriteJSON(out)
			}
			return d.WriteMarkdown(out)
		},
	}
	cmd.Flags().StringVar(&format, "format", "markdown", "output format: markdown, table or json")
	return cmd
}
