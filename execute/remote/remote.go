// Package remote runs a state machine on AWS Step Functions itself and
// follows the execution: `sfnsim run --target aws`. It is the check that
// what sfnsim simulates behaves the same way in the real service, so it
// reports the same things a local run does: the status, the output or the
// error and cause, the Distributed Map runs with their counts, and where a
// ResultWriter put its results.
package remote

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"github.com/sfnsim/sfnsim/engine"
)

// Options says which state machine to deploy and how to run it.
type Options struct {
	Name       string // state machine name (created or updated)
	Definition []byte // ASL JSON
	Type       string // STANDARD | EXPRESS
	// RoleArn is required to create; updating keeps the existing role
	// unless given.
	RoleArn       string
	Input         []byte           // execution input JSON
	ExecutionName string           // optional
	Poll          time.Duration    // default 2s
	Progress      func(p Progress) // called after each poll
}

// Progress is what a poll found out.
type Progress struct {
	Status  string   // RUNNING, SUCCEEDED, ...
	MapRuns []MapRun // from ListMapRuns + DescribeMapRun
}

// MapRun is one Distributed Map run of the execution.
type MapRun struct {
	Arn        string
	Status     string
	Items      Counts // itemCounts
	Executions Counts // executionCounts
}

// Counts are a map run's itemCounts or executionCounts.
type Counts struct {
	Pending, Running, Succeeded, Failed, TimedOut, Aborted, Total, ResultsWritten int64
}

// Result is how the execution ended.
type Result struct {
	StateMachineArn, ExecutionArn, Status string
	Output                                []byte
	Error, Cause                          string
	StartDate, StopDate                   time.Time
	MapRuns                               []MapRun
	// ResultWriter is where a Distributed Map's ResultWriter wrote, when
	// the output carries its ResultWriterDetails (the Map state's output
	// is {"MapRunArn", "ResultWriterDetails": {"Bucket", "Key"}}).
	ResultWriter *ResultWriterLocation
}

// ResultWriterLocation is the S3 object a ResultWriter wrote its manifest to.
type ResultWriterLocation struct{ Bucket, Key string }

const (
	typeStandard = string(types.StateMachineTypeStandard)
	typeExpress  = string(types.StateMachineTypeExpress)

	defaultPoll = 2 * time.Second

	// stopTimeout bounds the StopExecution call made after an interrupt:
	// the caller's context is already cancelled, and a user who pressed
	// Ctrl-C should not wait on a hung connection for long.
	stopTimeout = 30 * time.Second

	interruptCause = "The run was interrupted: sfnsim stopped the execution."
)

// Run deploys the state machine (creating it, or updating the one of the
// same name), starts an execution and follows it until it ends. STANDARD
// executions are polled every opts.Poll; EXPRESS ones run synchronously
// (StartSyncExecution), since they cannot be described or listed later.
//
// When ctx is cancelled while a STANDARD execution runs, Run stops it with
// the error sfnsim.Interrupted and returns the Result so far together with
// an error that wraps ctx.Err(). Errors from AWS are wrapped with what to
// do about them; errors.As still finds the SDK's error inside.
func Run(ctx context.Context, client *sfn.Client, opts Options) (*Result, error) {
	if client == nil {
		return nil, errors.New("remote: no Step Functions client: build one from the AWS config (region and credentials)")
	}
	o, err := normalize(opts)
	if err != nil {
		return nil, err
	}
	arn, typ, err := deploy(ctx, client, o)
	if err != nil {
		return nil, err
	}
	if typ == typeExpress {
		return runExpress(ctx, client, o, arn)
	}
	return runStandard(ctx, client, o, arn)
}

// normalize checks the options before any AWS call, so that a typo costs
// no round trip and leaves nothing half-deployed.
func normalize(opts Options) (Options, error) {
	if opts.Name == "" {
		return opts, errors.New("remote: the state machine has no name: give one (1-80 letters, digits, - or _)")
	}
	if !json.Valid(opts.Definition) {
		return opts, fmt.Errorf("remote: the definition of %q is not valid JSON: give an ASL JSON definition (YAML must be converted first)", opts.Name)
	}
	opts.Type = strings.ToUpper(strings.TrimSpace(opts.Type))
	if opts.Type != "" && opts.Type != typeStandard && opts.Type != typeExpress {
		return opts, fmt.Errorf("remote: unknown state machine type %q: use STANDARD or EXPRESS", opts.Type)
	}
	if len(opts.Input) > 0 && !json.Valid(opts.Input) {
		return opts, errors.New("remote: the execution input is not valid JSON: give a JSON value, e.g. {}")
	}
	if opts.Poll <= 0 {
		opts.Poll = defaultPoll
	}
	return opts, nil
}

// deploy creates or updates the state machine and returns its ARN and type.
func deploy(ctx context.Context, client *sfn.Client, o Options) (arn, typ string, err error) {
	existing, err := find(ctx, client, o.Name)
	if err != nil {
		return "", "", err
	}
	if existing == nil {
		return create(ctx, client, o)
	}
	arn = aws.ToString(existing.StateMachineArn)
	typ = string(existing.Type)
	// Step Functions cannot change a machine's type in place; updating
	// anyway would run the old type and mislead the user about what ran.
	if o.Type != "" && o.Type != typ {
		return "", "", fmt.Errorf("remote: state machine %q already exists as %s, and its type cannot be changed to %s: choose another name, delete it, or run it as %s", o.Name, typ, o.Type, typ)
	}
	in := &sfn.UpdateStateMachineInput{
		StateMachineArn: aws.String(arn),
		Definition:      aws.String(string(o.Definition)),
	}
	// Leaving RoleArn out keeps the role the machine already has, so a
	// rerun does not need the role again.
	if o.RoleArn != "" {
		in.RoleArn = aws.String(o.RoleArn)
	}
	if _, err := client.UpdateStateMachine(ctx, in); err != nil {
		return "", "", explain("UpdateStateMachine", o.Name, err)
	}
	return arn, typ, nil
}

// find looks the machine up by name. Step Functions has no lookup by name,
// and building the ARN would need the account ID, so it lists them all.
func find(ctx context.Context, client *sfn.Client, name string) (*types.StateMachineListItem, error) {
	p := sfn.NewListStateMachinesPaginator(client, &sfn.ListStateMachinesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, explain("ListStateMachines", name, err)
		}
		for i := range page.StateMachines {
			if aws.ToString(page.StateMachines[i].Name) == name {
				return &page.StateMachines[i], nil
			}
		}
	}
	return nil, nil
}

func create(ctx context.Context, client *sfn.Client, o Options) (arn, typ string, err error) {
	if o.RoleArn == "" {
		return "", "", fmt.Errorf("remote: state machine %q does not exist yet and creating it needs an IAM role for it to run as: give --role-arn", o.Name)
	}
	typ = o.Type
	if typ == "" {
		typ = typeStandard
	}
	out, err := client.CreateStateMachine(ctx, &sfn.CreateStateMachineInput{
		Name:       aws.String(o.Name),
		Definition: aws.String(string(o.Definition)),
		RoleArn:    aws.String(o.RoleArn),
		Type:       types.StateMachineType(typ),
	})
	if err != nil {
		return "", "", explain("CreateStateMachine", o.Name, err)
	}
	return aws.ToString(out.StateMachineArn), typ, nil
}

// inputString returns the input for Start*Execution; nil lets Step
// Functions use its default, {}.
func inputString(o Options) *string {
	if len(o.Input) == 0 {
		return nil
	}
	return aws.String(string(o.Input))
}

func runExpress(ctx context.Context, client *sfn.Client, o Options, arn string) (*Result, error) {
	in := &sfn.StartSyncExecutionInput{StateMachineArn: aws.String(arn), Input: inputString(o)}
	if o.ExecutionName != "" {
		in.Name = aws.String(o.ExecutionName)
	}
	out, err := client.StartSyncExecution(ctx, in)
	if err != nil {
		if ctx.Err() != nil {
			// StopExecution does not apply to EXPRESS executions, so
			// there is nothing to clean up, but the user should know
			// that the execution may still be running.
			return &Result{StateMachineArn: arn}, fmt.Errorf("remote: interrupted while the EXPRESS execution ran; it cannot be stopped and goes on until it ends or times out: %w", ctx.Err())
		}
		return nil, explain("StartSyncExecution", o.Name, err)
	}
	res := &Result{
		StateMachineArn: arn,
		ExecutionArn:    aws.ToString(out.ExecutionArn),
		Status:          string(out.Status),
		Error:           aws.ToString(out.Error),
		Cause:           aws.ToString(out.Cause),
		StartDate:       aws.ToTime(out.StartDate),
		StopDate:        aws.ToTime(out.StopDate),
	}
	if out.Output != nil {
		res.Output = []byte(*out.Output)
		res.ResultWriter = findResultWriter(res.Output)
	}
	// There is no poll, but the caller's display should still see the
	// final state once, as it does for STANDARD executions.
	if o.Progress != nil {
		o.Progress(Progress{Status: res.Status})
	}
	return res, nil
}

func runStandard(ctx context.Context, client *sfn.Client, o Options, arn string) (*Result, error) {
	in := &sfn.StartExecutionInput{StateMachineArn: aws.String(arn), Input: inputString(o)}
	if o.ExecutionName != "" {
		in.Name = aws.String(o.ExecutionName)
	}
	started, err := client.StartExecution(ctx, in)
	if err != nil {
		if ctx.Err() != nil {
			// The request may have reached AWS before the cancel, but
			// without its answer there is no ARN to stop.
			return &Result{StateMachineArn: arn}, fmt.Errorf("remote: interrupted while starting an execution of %q; it may have started: check its executions in the console: %w", o.Name, ctx.Err())
		}
		return nil, explain("StartExecution", o.Name, err)
	}
	f := &follower{
		client: client,
		opts:   o,
		// Listing map runs on every poll costs calls against a tightly
		// throttled API, so only machines that can have them do it.
		distributed: hasDistributedMap(o.Definition),
		done:        map[string]MapRun{},
		res: &Result{
			StateMachineArn: arn,
			ExecutionArn:    aws.ToString(started.ExecutionArn),
			Status:          string(types.ExecutionStatusRunning),
			StartDate:       aws.ToTime(started.StartDate),
		},
	}
	return f.follow(ctx)
}

// follower polls one STANDARD execution.
type follower struct {
	client      *sfn.Client
	opts        Options
	distributed bool
	// done holds the map runs that reached a final status: their counts
	// no longer change, so they are not described again.
	done map[string]MapRun
	res  *Result
}

// maxPollFailures is how many polls in a row may fail on a transient
// error (throttling, a service fault, the network) before the follower
// gives up: the SDK has retried each already, but an execution that runs
// for hours should survive a minute of trouble.
const maxPollFailures = 5

func (f *follower) follow(ctx context.Context) (*Result, error) {
	timer := time.NewTimer(f.opts.Poll)
	defer timer.Stop()
	failures := 0
	for {
		select {
		case <-ctx.Done():
			return f.interrupt(ctx)
		case <-timer.C:
		}
		finished, err := f.poll(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return f.interrupt(ctx)
			}
			if failures++; failures < maxPollFailures && transient(err) {
				// Back off: the next poll waits twice as long each time.
				timer.Reset(f.opts.Poll << failures)
				continue
			}
			return f.res, err
		}
		failures = 0
		if f.opts.Progress != nil {
			f.opts.Progress(Progress{Status: f.res.Status, MapRuns: append([]MapRun(nil), f.res.MapRuns...)})
		}
		if finished {
			return f.res, nil
		}
		timer.Reset(f.opts.Poll)
	}
}

// poll describes the execution, then its map runs, in that order so that
// the last poll's map run counts are at least as recent as the final status.
func (f *follower) poll(ctx context.Context) (finished bool, err error) {
	arn := f.res.ExecutionArn
	d, err := f.client.DescribeExecution(ctx, &sfn.DescribeExecutionInput{ExecutionArn: aws.String(arn)})
	if err != nil {
		return false, stillRunning(explain("DescribeExecution", arn, err), arn)
	}
	f.res.Status = string(d.Status)
	// PENDING_REDRIVE means a redrive is about to run it again, so it is
	// not an end either.
	finished = d.Status != types.ExecutionStatusRunning && d.Status != types.ExecutionStatusPendingRedrive
	if finished {
		f.res.Error = aws.ToString(d.Error)
		f.res.Cause = aws.ToString(d.Cause)
		f.res.StopDate = aws.ToTime(d.StopDate)
		if d.Output != nil {
			f.res.Output = []byte(*d.Output)
			f.res.ResultWriter = findResultWriter(f.res.Output)
		}
	}
	if d.StartDate != nil {
		f.res.StartDate = *d.StartDate
	}
	if f.distributed {
		runs, err := f.mapRuns(ctx)
		if err != nil {
			if finished {
				return false, err
			}
			return false, stillRunning(err, arn)
		}
		f.res.MapRuns = runs
	}
	return finished, nil
}

// stillRunning adds what a user can do about an execution left running
// because following it failed.
func stillRunning(err error, arn string) error {
	return fmt.Errorf("%w (execution %s may still be running: stop it with `aws stepfunctions stop-execution --execution-arn %s` if it should not)", err, arn, arn)
}

func (f *follower) mapRuns(ctx context.Context) ([]MapRun, error) {
	var runs []MapRun
	p := sfn.NewListMapRunsPaginator(f.client, &sfn.ListMapRunsInput{ExecutionArn: aws.String(f.res.ExecutionArn)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, explain("ListMapRuns", f.res.ExecutionArn, err)
		}
		for _, item := range page.MapRuns {
			arn := aws.ToString(item.MapRunArn)
			if run, ok := f.done[arn]; ok {
				runs = append(runs, run)
				continue
			}
			d, err := f.client.DescribeMapRun(ctx, &sfn.DescribeMapRunInput{MapRunArn: aws.String(arn)})
			if err != nil {
				return nil, explain("DescribeMapRun", arn, err)
			}
			run := MapRun{Arn: arn, Status: string(d.Status)}
			if c := d.ItemCounts; c != nil {
				run.Items = Counts{c.Pending, c.Running, c.Succeeded, c.Failed, c.TimedOut, c.Aborted, c.Total, c.ResultsWritten}
			}
			if c := d.ExecutionCounts; c != nil {
				run.Executions = Counts{c.Pending, c.Running, c.Succeeded, c.Failed, c.TimedOut, c.Aborted, c.Total, c.ResultsWritten}
			}
			if d.Status != types.MapRunStatusRunning {
				f.done[arn] = run
			}
			runs = append(runs, run)
		}
	}
	return runs, nil
}

// interrupt stops the execution after ctx was cancelled, so that a Ctrl-C
// does not leave it running (and billing) in the account.
func (f *follower) interrupt(ctx context.Context) (*Result, error) {
	arn := f.res.ExecutionArn
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopTimeout)
	defer cancel()
	out, err := f.client.StopExecution(sctx, &sfn.StopExecutionInput{
		ExecutionArn: aws.String(arn),
		Error:        aws.String(engine.ErrInterrupted),
		Cause:        aws.String(interruptCause),
	})
	if err != nil {
		return f.res, fmt.Errorf("remote: interrupted (%w), but stopping the execution failed: %w; stop it with `aws stepfunctions stop-execution --execution-arn %s`", ctx.Err(), explain("StopExecution", arn, err), arn)
	}
	f.res.Status = string(types.ExecutionStatusAborted)
	f.res.Error = engine.ErrInterrupted
	f.res.Cause = interruptCause
	f.res.StopDate = aws.ToTime(out.StopDate)
	return f.res, fmt.Errorf("remote: interrupted: execution %s was stopped with error %s: %w", arn, engine.ErrInterrupted, ctx.Err())
}
