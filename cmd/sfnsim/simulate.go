package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/examples"
	"github.com/sfnsim/sfnsim/lint"
	"github.com/sfnsim/sfnsim/load"
	"github.com/sfnsim/sfnsim/simulate"
	"github.com/sfnsim/sfnsim/simulate/profile"
	"github.com/sfnsim/sfnsim/simulate/series"
)

// workloadFlags are the flags simulate and cost share: what to run and
// over which items.
type workloadFlags struct {
	input, manifest, profile, name, machineType string
	items                                       int64
	seed                                        uint64
}

func (f *workloadFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.input, "input", "", "execution input: a JSON file, or - for stdin (default {})")
	fl.StringVar(&f.manifest, "manifest", "", "local file or folder standing for the S3 object or bucket the ItemReader reads")
	fl.Int64Var(&f.items, "items", 0, "project the top-level Distributed Maps to N items by resampling their items (0: as they are)")
	fl.StringVar(&f.profile, "profile", "", "workload profile, YAML or JSON (see README); documented defaults without it")
	fl.Uint64Var(&f.seed, "seed", 1, "random seed: the same seed gives the same result")
	fl.StringVar(&f.name, "name", "", "the state machine to use when the file holds several (its template resource name)")
	fl.StringVar(&f.machineType, "type", "", "the state machine's type, STANDARD or EXPRESS (default: as the file says, else STANDARD)")
}

// workload is a simulation ready to run, with lint's notes about it.
type workload struct {
	cfg   simulate.Config
	def   *load.Definition
	notes []string
}

// load builds the simulation from the flags and DEFINITION (the embedded
// example when there is none). Errors are worded for the user.
func (f *workloadFlags) load(args []string, stdin io.Reader) (*workload, error) {
	if f.items < 0 {
		return nil, fmt.Errorf("--items %d: give a positive number of items, or 0 to use them as they are", f.items)
	}
	if err := oneStdin(args, f.input); err != nil {
		return nil, err
	}
	w := &workload{cfg: simulate.Config{Items: f.items, Seed: f.seed, Manifest: f.manifest, Type: strings.ToUpper(f.machineType)}}
	if len(args) == 0 {
		d, err := load.File(examples.DefinitionPath, examples.Definition)
		if err != nil || len(d) != 1 {
			return nil, fmt.Errorf("the embedded example does not load: %v", err)
		}
		w.def = d[0]
		if f.manifest == "" {
			w.cfg.ManifestData = examples.Manifest
		}
	} else {
		var err error
		if w.def, err = loadOne(args[0], f.name, stdin); err != nil {
			return nil, err
		}
	}
	cfg := &w.cfg
	if cfg.Manifest == "" && cfg.ManifestData == nil {
		if reader := firstItemReader(w.def.Root); reader != "" {
			return nil, fmt.Errorf("%s: Map state %q reads its items from S3 (ItemReader); give --manifest, a local file standing for the object it reads or a folder standing for its bucket", w.def.Path, reader)
		}
	}
	// A clean path names the machine the same in every checkout ("./sm.json"
	// and "sm.json" are one file), which cost diff matches on.
	cfg.Definition, cfg.Name = w.def.Root, filepath.ToSlash(filepath.Clean(w.def.Path))
	if w.def.Resource != "" {
		cfg.Name += " (" + w.def.Resource + ")"
	}
	if cfg.Type == "" {
		cfg.Type = w.def.MachineType
	}
	if cfg.Type != "" && cfg.Type != asl.Standard && cfg.Type != asl.Express {
		return nil, fmt.Errorf("--type %q: use STANDARD or EXPRESS", f.machineType)
	}
	var err error
	if cfg.Input, err = readInput(f.input, stdin); err != nil {
		return nil, err
	}
	lambdaConcurrency := 0 // lint's default
	if f.profile != "" {
		text, err := os.ReadFile(f.profile)
		if err != nil {
			return nil, fmt.Errorf("--profile: %v", err)
		}
		if cfg.Profile, err = profile.Parse(f.profile, text); err != nil {
			return nil, err
		}
		if pool := cfg.Profile.Pools[profile.LambdaPool]; pool != nil {
			lambdaConcurrency = pool.Concurrency // the limit the notes judge against
		}
	}
	if w.notes, err = lintNotes(w.def, cfg.Type, lambdaConcurrency); err != nil {
		return nil, err
	}
	return w, nil
}

type simulateFlags struct {
	workloadFlags
	format, timeline string
}

func newSimulateCmd() *cobra.Command {
	var f simulateFlags
	cmd := &cobra.Command{
		Use:   "simulate [DEFINITION]",
		Short: "Project a run: duration, concurrency, throttling, retries, failures",
		Long: `simulate runs the state machine on a virtual clock, with task durations and
outcomes drawn from a workload profile, and projects the run: how long it takes,
how many children of a Distributed Map run at once, how often Lambda throttles,
how many retries, whether the run stays within its ToleratedFailure* threshold.

Without DEFINITION it simulates the embedded example (` + examples.DefinitionPath + `)
over its embedded sample manifest. DEFINITION may be a plain ASL file or a
CloudFormation/SAM template or Terraform file holding one state machine (or
name one with --name). The ItemReader is served from --manifest; --items N
projects the run to N items by resampling them.`,
		Example: `  sfnsim simulate                                    # the embedded example
  sfnsim simulate sm.asl.json --manifest manifest.csv --items 1000000 --profile profile.yaml
  sfnsim simulate sm.asl.json --format json --timeline run.svg`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSimulate(cmd, args, &f)
		},
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.format, "format", "table", "output format: table, json or markdown")
	fl.StringVar(&f.timeline, "timeline", "", "write the run over time to FILE.csv, FILE.svg or FILE.html")
	return cmd
}

func runSimulate(cmd *cobra.Command, args []string, f *simulateFlags) error {
	stderr := cmd.ErrOrStderr()
	fail := func(format string, a ...any) error {
		fmt.Fprintf(stderr, "sfnsim simulate: "+format+"\n", a...)
		return exitStatus(exitUsage)
	}
	switch f.format {
	case "table", "json", "markdown":
	default:
		return fail("--format %q: use table, json or markdown", f.format)
	}
	timelineExt := strings.ToLower(filepath.Ext(f.timeline))
	if f.timeline != "" && timelineExt != ".csv" && timelineExt != ".svg" && timelineExt != ".html" {
		return fail("--timeline %s: the file name must end in .csv, .svg or .html", f.timeline)
	}
	w, err := f.load(args, cmd.InOrStdin())
	if err != nil {
		return fail("%v", err)
	}
	cfg, notes := w.cfg, w.notes
	if isTerminal(stderr) {
		cfg.Progress = progressBar(stderr)
	}
	res, err := simulate.Run(cfg)
	if cfg.Progress != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil {
		return fail("%v", err)
	}
	res.Notes = append(res.Notes, notes...)
	if f.timeline != "" {
		if err := writeTimeline(f.timeline, timelineExt, res); err != nil {
			return fail("--timeline: %v", err)
		}
	}
	out := cmd.OutOrStdout()
	switch f.format {
	case "json":
		err = res.WriteJSON(out)
	case "markdown":
		err = res.WriteMarkdown(out)
	default:
		err = res.WriteTable(out)
	}
	return err
}

// loadOne reads the state machine to run from a file (or - for stdin).
func loadOne(path, name string, stdin io.Reader) (*load.Definition, error) {
	path, text, err := load.Read(path, stdin)
	if err != nil {
		return nil, err
	}
	defs, err := load.File(path, text)
	if err != nil {
		return nil, err
	}
	if len(defs) == 1 && defs[0].Resource == "" {
		// A plain definition file holds one machine, which has no name of
		// its own: --name names it (for a mock configuration, or AWS).
		return defs[0], nil
	}
	var names []string
	for _, d := range defs {
		if name == "" || d.Resource == name {
			if name != "" || len(defs) == 1 {
				return d, nil
			}
		}
		names = append(names, d.Resource)
	}
	switch {
	case len(defs) == 0:
		return nil, fmt.Errorf("%s holds no state machine", path)
	case name != "":
		return nil, fmt.Errorf("%s has no state machine named %q; it has %s", path, name, strings.Join(names, ", "))
	}
	return nil, fmt.Errorf("%s holds %d state machines (%s): choose one with --name", path, len(defs), strings.Join(names, ", "))
}

// lintNotes lints the definition: errors stop the simulation (AWS would
// not accept the machine); warnings about the run become notes.
func lintNotes(def *load.Definition, machineType string, lambdaConcurrency int) ([]string, error) {
	ds := lint.Definition(def, lint.Options{MachineType: machineType, LambdaConcurrency: lambdaConcurrency})
	var errs, notes []string
	for _, d := range ds {
		line := fmt.Sprintf("%s [%s]", d.Message, d.RuleID())
		switch {
		case d.Severity == lint.Error:
			errs = append(errs, fmt.Sprintf("%s:%d:%d: %s", d.File, d.Start.Line, d.Start.Col, line))
		case strings.HasPrefix(d.RuleID(), "DMAP"):
			notes = append(notes, line)
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("the definition has errors AWS would reject; fix them first (sfnsim lint %s):\n  %s", def.Path, strings.Join(errs, "\n  "))
	}
	return notes, nil
}

// readInput reads the execution input: {} by default.
func readInput(path string, stdin io.Reader) (any, error) {
	if path == "" {
		return map[string]any{}, nil
	}
	_, text, err := load.Read(path, stdin)
	if err != nil {
		return nil, fmt.Errorf("--input: %w", err)
	}
	d := json.NewDecoder(bytes.NewReader(text))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		if _, perr := asl.ParseJSON(path, text); perr != nil {
			// The positioned parser says where: line and column.
			return nil, fmt.Errorf("--input: %v (the execution input must be a JSON value)", perr)
		}
		return nil, fmt.Errorf("--input %s: not JSON: %v (the execution input must be a JSON value)", path, err)
	}
	if d.More() {
		return nil, fmt.Errorf("--input %s: more than one JSON value; the execution input is one value", path)
	}
	return v, nil
}

func writeTimeline(path, ext string, res *simulate.Result) error {
	var buf bytes.Buffer
	pts := res.Timeline()
	var err error
	switch ext {
	case ".csv":
		err = series.WriteCSV(&buf, pts)
	case ".svg":
		err = series.WriteSVG(&buf, pts, "Children running: "+res.Name)
	default:
		err = series.WriteHTML(&buf, pts, "sfnsim simulate: "+res.Name)
	}
	if err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// progressBar draws the children done over the items known, at most ten
// times a second.
func progressBar(w io.Writer) func(done, total int64) {
	var last time.Time
	return func(done, total int64) {
		if time.Since(last) < 100*time.Millisecond {
			return
		}
		last = time.Now()
		if total <= 0 {
			fmt.Fprintf(w, "\rsimulating: %d children done", done)
			return
		}
		const width = 30
		filled := int(float64(width) * float64(done) / float64(total))
		filled = min(max(filled, 0), width)
		fmt.Fprintf(w, "\rsimulating [%s%s] %d/%d", strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total)
	}
}

// firstItemReader names a Map state that reads its items from S3, or "".
func firstItemReader(root *asl.Node) string {
	for _, st := range asl.NewMachine(root).States {
		if st.Type == "Map" && st.Field("ItemReader") != nil {
			return st.Name
		}
	}
	return ""
}

// oneStdin refuses reading standard input twice: once for the definition
// and once for the input, the second read would find it empty.
func oneStdin(args []string, input string) error {
	if len(args) > 0 && args[0] == "-" && input == "-" {
		return fmt.Errorf("the definition and --input cannot both come from standard input (-); give one of them as a file")
	}
	return nil
}
