package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	neturl "net/url"
	"os"
	"os/signal"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/sfnsim/sfnsim/load"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	awslambda "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/spf13/cobra"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/payload"
	runner "github.com/sfnsim/sfnsim/execute"
	"github.com/sfnsim/sfnsim/execute/lambda"
	"github.com/sfnsim/sfnsim/execute/mock"
	"github.com/sfnsim/sfnsim/execute/remote"
	"github.com/sfnsim/sfnsim/execute/s3store"
	"github.com/sfnsim/sfnsim/execute/sdk"
	"github.com/sfnsim/sfnsim/execute/task"
)

type runFlags struct {
	input, target, region, mockConfig, testCase, record, redrive, runDir, format, roleArn, name, machineType string
	endpoints, s3Dirs                                                                                        []string
}

func newRunCmd() *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run [DEFINITION]",
		Short: "Execute for real: locally with real Lambda and S3 calls, or on AWS Step Functions",
		Long: `run executes the state machine for real. With --target local (the default) the
engine that sfnsim simulate uses runs on the wall clock and calls Lambda, S3,
DynamoDB, SQS and SNS through the AWS SDK (standard credential chain and
Region; --endpoint-url points a service elsewhere, --s3-dir serves a bucket
from a local folder, --mock-config answers Tasks from AWS Step Functions
Local's mock file). Distributed Maps run up to 10,000 children at once.

The run keeps its state in --run-dir (default: a new sfnsim-run-<time>
folder). The first SIGINT or SIGTERM starts no more children and lets the
running ones finish (with no Distributed Map running, the run stops at
once), the second aborts them, a third ends sfnsim at once; ResultWriter
files are written on the first two. --redrive RUNDIR runs the state machine
again from its start, on the same input, skipping the children of top-level
Distributed Maps that succeeded (on the same item): failed and pending
children run again, and only those.

With --target aws the state machine is created or updated (--role-arn) on AWS
Step Functions and executed there; the run is followed until it ends.

Exit status: 0 when the execution SUCCEEDED, 1 when it FAILED, TIMED_OUT or
was ABORTED, 2 for bad input.`,
		Example: `  sfnsim run sm.asl.json --input input.json --s3-dir my-bucket=./data
  sfnsim run sm.asl.json --endpoint-url lambda=http://127.0.0.1:9001 --endpoint-url s3=http://127.0.0.1:9000
  sfnsim run sm.asl.json --mock-config MockConfigFile.json --test-case HappyPath
  sfnsim run --redrive sfnsim-run-20261127T093947.512Z-3fa2
  sfnsim run sm.asl.json --target aws --role-arn arn:aws:iam::123456789012:role/sfn`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(cmd, args, &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.input, "input", "", "execution input: a JSON file, or - for stdin (default {})")
	fl.StringVar(&f.target, "target", "local", "where to run: local (this machine, real calls) or aws (AWS Step Functions)")
	fl.StringVar(&f.region, "region", "", "AWS Region (default: the standard chain, AWS_REGION, ~/.aws/config)")
	fl.StringArrayVar(&f.endpoints, "endpoint-url", nil, "SERVICE=URL: call a service there (lambda, s3, dynamodb, sqs, sns, stepfunctions); repeatable")
	fl.StringArrayVar(&f.s3Dirs, "s3-dir", nil, "BUCKET=DIR: serve a bucket from a local folder (no key leaves it); repeatable")
	fl.StringVar(&f.mockConfig, "mock-config", "", "AWS Step Functions Local mock configuration file answering Task states")
	fl.StringVar(&f.testCase, "test-case", "", "the test case of --mock-config to use")
	fl.StringVar(&f.record, "record", "", "write a simulate profile of the observed task durations and errors to this file")
	fl.StringVar(&f.redrive, "redrive", "", "redrive the run kept in this folder: its failed and pending children run again")
	fl.StringVar(&f.runDir, "run-dir", "", "folder the run keeps its state in (default: a new sfnsim-run-<time> folder)")
	fl.StringVar(&f.format, "format", "text", "summary format: text or json")
	fl.StringVar(&f.roleArn, "role-arn", "", "--target aws: the IAM role of a state machine it creates")
	fl.StringVar(&f.name, "name", "", "the state machine to run when the file holds several; --target aws: the state machine's name")
	fl.StringVar(&f.machineType, "type", "", "STANDARD or EXPRESS (default: as the file says, else STANDARD)")
	return cmd
}

func runRun(cmd *cobra.Command, args []string, f *runFlags) error {
	stderr := cmd.ErrOrStderr()
	fail := func(format string, a ...any) error {
		fmt.Fprintf(stderr, "sfnsim run: "+format+"\n", a...)
		return exitStatus(exitUsage)
	}
	if f.format != "text" && f.format != "json" {
		return fail("--format %q: use text or json", f.format)
	}
	if f.target != "local" && f.target != "aws" {
		return fail("--target %q: use local or aws", f.target)
	}
	if f.region != "" && !regionName.MatchString(f.region) {
		return fail("--region %q is not a Region name; write one such as us-east-1 or eu-west-2", f.region)
	}
	if f.target == "aws" {
		local := []struct{ flag, value string }{{"--redrive", f.redrive}, {"--run-dir", f.runDir},
			{"--mock-config", f.mockConfig}, {"--record", f.record}, {"--s3-dir", strings.Join(f.s3Dirs, ",")}}
		for _, l := range local {
			if l.value != "" {
				hint := "the execution runs on AWS, with AWS's buckets and functions"
				if l.flag == "--redrive" {
					hint = "redrive an execution on AWS with `aws stepfunctions redrive-execution --execution-arn ARN`"
				}
				return fail("%s is for local runs; with --target aws %s", l.flag, hint)
			}
		}
	}
	if (f.mockConfig == "") != (f.testCase == "") {
		return fail("--mock-config and --test-case go together: give the file and the test case to use")
	}
	endpoints, err := parseEndpoints(f.endpoints)
	if err != nil {
		return fail("%v", err)
	}
	job, err := f.job(args, cmd.InOrStdin())
	if err != nil {
		return fail("%v", err)
	}
	ctx, stop := context.WithCancel(cmd.Context())
	defer stop()
	awsCfg, err := loadAWS(ctx, f.region, stderr)
	if err != nil {
		return fail("%v", err)
	}
	if f.target == "aws" {
		if err := unresolvedResources(job, func(string) bool { return false }); err != nil {
			return fail("%v", err)
		}
		return runRemote(cmd, f, job, awsCfg, endpoints)
	}
	dirs, err := s3store.ParseDirFlag(f.s3Dirs)
	if err != nil {
		return fail("%v", err)
	}
	router, err := s3store.NewRouter(s3store.New(s3Client(awsCfg, endpoints)), dirs)
	if err != nil {
		return fail("%v", err)
	}
	handlers, err := f.handlers(job, awsCfg, endpoints, router)
	if err != nil {
		return fail("%v", err)
	}
	if err := unresolvedResources(job, func(state string) bool {
		m, ok := handlers[0].(*mock.Handler)
		return ok && m.HandlesState(state)
	}); err != nil {
		return fail("%v", err)
	}
	cfg := runner.Config{Definition: job.def, Name: job.name, Type: job.typ, Input: job.input, Handlers: handlers,
		Store: router, Writer: router, RunDir: job.runDir, Redrive: job.redrive, Redrives: job.record.Redrives,
		// A local run has no account: the context object shows zeros.
		StateMachineArn: fmt.Sprintf("arn:aws:states:%s:000000000000:stateMachine:%s", awsCfg.Region, stateMachineName(job.name))}
	if f.record != "" {
		cfg.Recorder = runner.NewRecorder()
	}
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(signals)
	cfg.Interrupt = signals
	terminal := isTerminal(stderr)
	if terminal {
		cfg.Progress = runProgress(stderr)
	}
	cfg.Notice = func(msg string) {
		if terminal {
			fmt.Fprint(stderr, "\r\033[K") // below the progress line
		}
		fmt.Fprintf(stderr, "sfnsim run: %s\n", msg)
	}
	release, err := runner.LockRunDir(job.runDir)
	if err != nil {
		return fail("%v", err)
	}
	defer release()
	job.record.Status = "" // running
	if err := runner.SaveRun(job.runDir, job.record); err != nil {
		return fail("%v", err)
	}
	if f.runDir == "" && f.redrive == "" {
		fmt.Fprintf(stderr, "sfnsim run: keeping the run's state in %s\n", job.runDir)
	}
	sum, err := runner.Run(ctx, cfg)
	if cfg.Progress != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil {
		return fail("%v", err)
	}
	job.record.Status = sum.Status
	if err := runner.SaveRun(job.runDir, job.record); err != nil {
		return fail("%v", err)
	}
	if cfg.Recorder != nil {
		if err := writeRecorded(f.record, cfg.Recorder, job.name); err != nil {
			return fail("--record: %v", err)
		}
	}
	if err := printSummary(cmd.OutOrStdout(), f.format, sum); err != nil {
		return err
	}
	if sum.Status != "SUCCEEDED" {
		return exitStatus(exitFindings)
	}
	return nil
}

// runJob is what to run: a definition and its input, or a run folder to
// redrive.
type runJob struct {
	name, typ string
	def       *asl.Node
	src       *load.Definition // nil for a redrive
	defText   []byte
	input     any
	runDir    string
	redrive   *runner.Log
	record    *runner.RunRecord
}

func (f *runFlags) job(args []string, stdin io.Reader) (*runJob, error) {
	j := &runJob{typ: strings.ToUpper(f.machineType)}
	if f.redrive != "" {
		if len(args) > 0 || f.input != "" || f.runDir != "" || f.machineType != "" || f.name != "" {
			return nil, fmt.Errorf("--redrive runs what the run folder kept, in that folder: give no DEFINITION, --input, --run-dir, --type or --name with it")
		}
		rec, err := runner.LoadRun(f.redrive)
		if err != nil {
			return nil, err
		}
		if rec.Status == "SUCCEEDED" {
			return nil, fmt.Errorf("--redrive %s: the run SUCCEEDED: there is nothing to redrive (start a new run instead)", f.redrive)
		}
		if j.redrive, err = runner.ReadLog(f.redrive); err != nil {
			return nil, err
		}
		doc, err := asl.ParseJSON(rec.Name, rec.Definition)
		if err != nil {
			return nil, fmt.Errorf("%s/%s: %v", f.redrive, runner.RunFile, err)
		}
		if !json.Valid(rec.Input) {
			return nil, fmt.Errorf("%s/%s: the input is not JSON (the run folder is damaged)", f.redrive, runner.RunFile)
		}
		j.input = readJSONValue(rec.Input)
		j.name, j.typ, j.def, j.defText, j.runDir = rec.Name, rec.Type, doc.Root, rec.Definition, f.redrive
		rec.Redrives++
		j.record = rec
		return j, nil
	}
	if len(args) == 0 {
		return nil, fmt.Errorf("give the DEFINITION to run (or --redrive RUNDIR)")
	}
	if err := oneStdin(args, f.input); err != nil {
		return nil, err
	}
	def, err := loadOne(args[0], f.name, stdin)
	if err != nil {
		return nil, err
	}
	if _, err := lintNotes(def, j.typ, 0); err != nil {
		return nil, err // AWS would reject the definition
	}
	j.def, j.name, j.src = def.Root, def.Path, def
	if j.typ == "" {
		j.typ = def.MachineType
	}
	if j.typ == "" {
		j.typ = asl.Standard
	}
	if j.typ != asl.Standard && j.typ != asl.Express {
		return nil, fmt.Errorf("--type %q: use STANDARD or EXPRESS", f.machineType)
	}
	if j.input, err = readInput(f.input, stdin); err != nil {
		return nil, err
	}
	j.defText = []byte(payload.Marshal(def.Root.Interface()))
	j.runDir = f.runDir
	if j.runDir == "" {
		j.runDir = runner.NewRunDir(".", time.Now())
	} else if err := runner.CheckNewRunDir(j.runDir); err != nil {
		return nil, err
	}
	j.record = &runner.RunRecord{Name: j.name, Type: j.typ, Definition: j.defText,
		Input: json.RawMessage(payload.Marshal(j.input)), Started: time.Now().UTC()}
	return j, nil
}

func readJSONValue(raw []byte) any {
	var v any
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	if d.Decode(&v) != nil {
		return map[string]any{}
	}
	return v
}

// unresolvedResources refuses Task states whose Resource is a template
// reference sfnsim could not resolve (${GetAtt:Fn.Arn}, ${Token}): the
// call would fail at run time with a message about the resource. A state
// answered by the mock configuration (mocked) needs no resource.
func unresolvedResources(j *runJob, mocked func(state string) bool) error {
	if j.src == nil {
		return nil
	}
	for _, st := range asl.NewMachine(j.def).States {
		r := st.Field("Resource")
		if st.Type != "Task" || r == nil || r.Kind != asl.String || !strings.Contains(r.Str, "${") || mocked(st.Name) {
			continue
		}
		at, _ := j.src.Locate(r.Range)
		return fmt.Errorf("%s:%d:%d: Task %q calls %s, a template reference sfnsim cannot resolve; give its value in DefinitionSubstitutions, answer the state from --mock-config, or run the deployed machine",
			j.src.Path, at.Start.Line, at.Start.Col, st.Name, r.Str)
	}
	return nil
}

// parseEndpoints reads SERVICE=URL pairs.
func parseEndpoints(values []string) (map[string]string, error) {
	known := map[string]bool{"lambda": true, "s3": true, "dynamodb": true, "sqs": true, "sns": true, "stepfunctions": true}
	out := map[string]string{}
	for _, v := range values {
		service, url, ok := strings.Cut(v, "=")
		service = strings.ToLower(strings.TrimSpace(service))
		if !ok || url == "" || !known[service] {
			names := make([]string, 0, len(known))
			for k := range known {
				names = append(names, k)
			}
			sort.Strings(names)
			return nil, fmt.Errorf("--endpoint-url %q: write SERVICE=URL with SERVICE one of %s, e.g. lambda=http://127.0.0.1:9001", v, strings.Join(names, ", "))
		}
		if u, err := neturl.Parse(url); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("--endpoint-url %q: %q is not an http:// or https:// URL with a host, e.g. %s=http://127.0.0.1:9001", v, url, service)
		}
		out[service] = url
	}
	return out, nil
}

// regionName is the form of an AWS Region name (us-east-1, eu-central-2,
// us-gov-west-1, cn-north-1).
var regionName = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d+$`)

// loadAWS loads the standard configuration. Credentials are resolved when
// a call needs them, never printed.
func loadAWS(ctx context.Context, region string, stderr io.Writer) (aws.Config, error) {
	var opts []func(*config.LoadOptions) error
	if region != "" {
		opts = append(opts, config.WithRegion(region))
	}
	// One connection pool for the run, big enough for its children.
	opts = append(opts, config.WithHTTPClient(runner.HTTPClient()), config.WithLogger(runner.SDKLogger(stderr)))
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return cfg, fmt.Errorf("loading the AWS configuration: %v (check AWS_PROFILE, AWS_REGION and ~/.aws/config)", err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	return cfg, nil
}

func endpoint(endpoints map[string]string, service string) *string {
	if u, ok := endpoints[service]; ok {
		return aws.String(u)
	}
	return nil
}

func s3Client(cfg aws.Config, endpoints map[string]string) *s3.Client {
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		if u := endpoint(endpoints, "s3"); u != nil {
			o.BaseEndpoint, o.UsePathStyle = u, true // S3-compatible stores serve paths
		}
	})
}

// handlers are the Task performers of a local run: the mock test case
// first, then Lambda and the SDK integrations (S3 calls to the buckets of
// --s3-dir go to their folders).
func (f *runFlags) handlers(j *runJob, cfg aws.Config, endpoints map[string]string, folders sdk.Folders) ([]task.Handler, error) {
	var hs []task.Handler
	if f.mockConfig != "" {
		text, err := os.ReadFile(f.mockConfig)
		if err != nil {
			return nil, fmt.Errorf("--mock-config: %w", err)
		}
		mc, err := mock.Parse(f.mockConfig, text)
		if err != nil {
			return nil, err
		}
		machine := f.name
		if machine == "" {
			machine = stateMachineName(j.name)
		}
		h, err := mc.TestCase(machine, f.testCase)
		if err != nil {
			return nil, err
		}
		var states []string
		for _, st := range asl.NewMachine(j.def).States {
			states = append(states, st.Name)
		}
		if err := mc.CheckStates(machine, f.testCase, states); err != nil {
			return nil, err
		}
		hs = append(hs, h)
	}
	hs = append(hs,
		// The SDK's own retries would stack on the state machine's Retry:
		// one attempt, and Retry decides.
		lambda.New(awslambda.NewFromConfig(cfg, func(o *awslambda.Options) {
			o.BaseEndpoint, o.RetryMaxAttempts = endpoint(endpoints, "lambda"), 1
		})),
		sdk.New(sdk.Clients{
			S3:       s3Client(cfg, endpoints),
			DynamoDB: dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = endpoint(endpoints, "dynamodb") }),
			SQS:      sqs.NewFromConfig(cfg, func(o *sqs.Options) { o.BaseEndpoint = endpoint(endpoints, "sqs") }),
			SNS:      sns.NewFromConfig(cfg, func(o *sns.Options) { o.BaseEndpoint = endpoint(endpoints, "sns") }),
			Folders:  folders,
		}))
	return hs, nil
}

// stateMachineName is the name a mock configuration knows a machine by:
// the file's base name without extensions, unless --name says otherwise.
func stateMachineName(path string) string {
	base := path[strings.LastIndexAny(path, `/\`)+1:]
	if i := strings.Index(base, "."); i > 0 {
		base = base[:i]
	}
	return base
}

func writeRecorded(path string, rec *runner.Recorder, source string) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := rec.WriteProfile(out, source); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// runProgress draws children done and failed, and the rate, on one line.
func runProgress(w io.Writer) func(runner.Progress) {
	return func(p runner.Progress) {
		rate := float64(p.Succeeded+p.Failed) / max(p.Elapsed.Seconds(), 0.001)
		state := ""
		switch {
		case p.Outliving > 0:
			state = fmt.Sprintf(" — the execution has ended: waiting for %d children it left running", p.Outliving)
		case p.Draining:
			state = " — stopping: waiting for running children (interrupt again to abort them)"
		}
		eta := ""
		if done := p.Succeeded + p.Failed; p.Total > 0 && p.Items >= p.Total && rate > 0 && done < p.Total {
			// Children are items here (batches make it an upper bound).
			eta = ", ETA " + time.Duration(float64(p.Total-done)/rate*float64(time.Second)).Round(time.Second).String()
		}
		fmt.Fprintf(w, "\r\033[Krunning: %d children done, %d failed, %d started, %.0f/s, %s%s%s",
			p.Succeeded, p.Failed, p.Started, rate, p.Elapsed.Round(time.Second), eta, state)
	}
}

func printSummary(w io.Writer, format string, s *runner.Summary) error {
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	fmt.Fprintf(w, "%s: %s in %s\n", s.Name, s.Status, s.StopTime.Sub(s.StartTime).Round(time.Millisecond))
	if s.Error != "" || s.Cause != "" {
		fmt.Fprintf(w, "  error: %s\n  cause: %s\n", s.Error, s.Cause)
	}
	if f := s.FirstChildFailure; f != nil {
		fmt.Fprintf(w, "  first failed child: %s[%d] %s: %s\n", f.Map, f.Index, f.Error, f.Cause)
	}
	if len(s.Children) > 0 || s.Redriven > 0 {
		var parts []string
		for _, status := range []string{"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"} {
			if n := s.Children[status]; n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, strings.ToLower(status)))
			}
		}
		if s.Redriven > 0 {
			parts = append(parts, fmt.Sprintf("%d done before (redrive)", s.Redriven))
		}
		fmt.Fprintf(w, "  children: %s\n", strings.Join(parts, ", "))
		if s.Orphaned > 0 {
			fmt.Fprintf(w, "  %d of them ended after their Map Run had: they are in the run folder, not in its ResultWriter files\n", s.Orphaned)
		}
	}
	if rw := s.ResultWriter; rw != nil {
		fmt.Fprintf(w, "  results: s3://%v/%v\n", rw["Bucket"], rw["Key"])
	} else if s.Status == "SUCCEEDED" {
		fmt.Fprintf(w, "  output: %s\n", truncate(payload.Marshal(s.Output), 2000))
	}
	if s.ExecutionArn != "" {
		fmt.Fprintf(w, "  execution: %s\n", s.ExecutionArn)
	}
	if s.RunDir != "" {
		fmt.Fprintf(w, "  run folder: %s", s.RunDir)
		switch {
		case s.Status == "SUCCEEDED":
		case len(s.Children) > 0 || s.Redriven > 0:
			fmt.Fprintf(w, " (sfnsim run --redrive %s runs the failed and pending children again)", s.RunDir)
		default:
			fmt.Fprintf(w, " (sfnsim run --redrive %s runs it again)", s.RunDir)
		}
		fmt.Fprintln(w)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// runRemote runs on AWS Step Functions.
func runRemote(cmd *cobra.Command, f *runFlags, j *runJob, cfg aws.Config, endpoints map[string]string) error {
	stderr := cmd.ErrOrStderr()
	client := sfn.NewFromConfig(cfg, func(o *sfn.Options) { o.BaseEndpoint = endpoint(endpoints, "stepfunctions") })
	name := f.name
	if name == "" {
		name = stateMachineName(j.name)
	}
	opts := remote.Options{Name: name, Definition: j.defText, Type: j.typ, RoleArn: f.roleArn,
		Input: []byte(payload.Marshal(j.input))}
	if isTerminal(stderr) {
		opts.Progress = func(p remote.Progress) {
			var done, failed, total int64
			for _, mr := range p.MapRuns {
				done += mr.Items.Succeeded
				failed += mr.Items.Failed
				total += mr.Items.Total
			}
			fmt.Fprintf(stderr, "\r\033[K%s: %d of %d items done, %d failed", p.Status, done, total, failed)
		}
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := remote.Run(ctx, client, opts)
	if opts.Progress != nil {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil {
		fmt.Fprintf(stderr, "sfnsim run: %v\n", err)
		if !errors.Is(err, context.Canceled) || res == nil || res.Status != "ABORTED" {
			return exitStatus(exitUsage)
		}
		// Stopped on an interrupt: the execution ended ABORTED.
	}
	// The same summary as a local run's: the file's name, the output only
	// when there is one, child executions counted by how they ended.
	sum := &runner.Summary{Name: j.name, Status: res.Status, Error: res.Error, Cause: res.Cause,
		StartTime: res.StartDate, StopTime: res.StopDate, Children: map[string]int64{}}
	if len(res.Output) > 0 {
		sum.Output = readJSONValue(res.Output)
	}
	for _, mr := range res.MapRuns {
		sum.Items += mr.Items.Total
		for status, n := range map[string]int64{"SUCCEEDED": mr.Executions.Succeeded, "FAILED": mr.Executions.Failed,
			"TIMED_OUT": mr.Executions.TimedOut, "ABORTED": mr.Executions.Aborted} {
			if n > 0 {
				sum.Children[status] += n
			}
		}
	}
	if rw := res.ResultWriter; rw != nil {
		sum.ResultWriter = map[string]any{"Bucket": rw.Bucket, "Key": rw.Key}
	}
	sum.ExecutionArn = res.ExecutionArn
	if err := printSummary(cmd.OutOrStdout(), f.format, sum); err != nil {
		return err
	}
	if res.Status != "SUCCEEDED" {
		return exitStatus(exitFindings)
	}
	return nil
}
