// Package scenarios prices the ways a state machine's Distributed Maps
// could run: their children's ExecutionType as written and the other one,
// unbatched and at several ItemBatcher sizes. Each scenario is simulated
// (package simulate) and its counts priced (package cost): the price of a
// scenario is never guessed from a model of its own, it follows from what
// the simulation counted — children, transitions with retries, durations,
// invocations, S3 requests.
package scenarios

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/cost"
	"github.com/sfnsim/sfnsim/simulate"
	"github.com/sfnsim/sfnsim/simulate/profile"
)

// DefaultBatchSizes are the batch sizes compared besides the one as
// written.
var DefaultBatchSizes = []int{10, 100, 1000}

// Config is one cost comparison.
type Config struct {
	// Simulation is the simulation of the definition as written; each
	// scenario runs it with its own variant of the definition.
	Simulation simulate.Config
	Prices     *cost.Prices
	FreeTier   bool
	// RunsPerMonth multiplies a run's usage before pricing (tiers and free
	// tiers are monthly); 0 means 1.
	RunsPerMonth int64
	// BatchSizes are the ItemBatcher sizes compared besides the one as
	// written (1: unbatched); nil means DefaultBatchSizes.
	BatchSizes []int
}

// Run simulates and prices every scenario.
func Run(cfg Config) (*cost.Report, error) {
	runs := max(cfg.RunsPerMonth, 1)
	def := cfg.Simulation.Definition
	maps := topLevelMaps(def)
	rep := &cost.Report{
		StateMachine: cfg.Simulation.Name, Currency: cfg.Prices.Currency, Region: cfg.Prices.Region,
		PricesDate: cfg.Prices.Date, FreeTier: cfg.FreeTier, RunsPerMonth: runs, Notes: []string{},
	}
	for _, sc := range plan(cfg, maps) {
		if err := sc.run(cfg, rep); err != nil {
			return nil, err
		}
	}
	if len(maps) == 0 {
		rep.Notes = append(rep.Notes, "the state machine has no Distributed Map at its top level: only the definition as written is priced")
	}
	return rep, nil
}

// scenario is one variant to simulate.
type scenario struct {
	execType  string
	batch     int // 0: batching as written (a path, an expression, bytes only)
	asWritten bool
	// writtenBatch is the batching as written, which a variant departs from.
	writtenBatch int
	noMap        bool
}

// plan lists the scenarios: as written first, then the other execution
// type and the batch sizes, without repeats.
func plan(cfg Config, maps []*distributedMap) []scenario {
	machineType := cfg.Simulation.Type
	if machineType == "" {
		machineType = asl.Standard
	}
	if len(maps) == 0 {
		return []scenario{{execType: machineType, batch: 1, asWritten: true, writtenBatch: 1, noMap: true}}
	}
	written := scenario{execType: maps[0].execType, batch: maps[0].batch, asWritten: true, writtenBatch: maps[0].batch}
	types := []string{written.execType, other(written.execType)}
	batches := cfg.BatchSizes
	if batches == nil {
		batches = DefaultBatchSizes
	}
	sizes := append([]int{written.batch, 1}, batches...)
	out := []scenario{written}
	type key struct {
		execType string
		batch    int
	}
	seen := map[key]bool{{written.execType, written.batch}: true}
	for _, t := range types {
		for _, b := range sizes {
			// 0 is the batching as written when it is not a plain count.
			if b < 0 || b == 0 && written.batch != 0 || seen[key{t, b}] {
				continue
			}
			seen[key{t, b}] = true
			out = append(out, scenario{execType: t, batch: b, writtenBatch: written.batch})
		}
	}
	return out
}

func other(execType string) string {
	if execType == asl.Express {
		return asl.Standard
	}
	return asl.Express
}

func (sc scenario) run(cfg Config, rep *cost.Report) error {
	s := &cost.Scenario{ExecutionType: sc.execType, ItemsPerBatch: sc.batch, AsWritten: sc.asWritten, Allowed: true, Lines: []cost.Line{}}
	if sc.noMap {
		s.Description = fmt.Sprintf("as written (a %s state machine without a Distributed Map)", sc.execType)
	}
	rep.Scenarios = append(rep.Scenarios, s)
	sim := cfg.Simulation
	if !sc.asWritten {
		variant, err := variantOf(sim.Definition, sc.execType, sc.batch)
		if err != nil {
			return err
		}
		sim.Definition = variant
	}
	if sc.execType == asl.Express {
		if reason := expressRefuses(sim.Definition); reason != "" {
			s.Allowed, s.NotAllowed = false, reason
			return nil
		}
	}
	sim.Progress = nil
	res, err := simulate.Run(sim)
	if err != nil {
		return fmt.Errorf("simulating %s: %w", s.Label(), err)
	}
	s.ChildExecutions, s.StateTransitions, s.MakespanSeconds, s.Status = res.ChildExecutions, res.StateTransitions, res.MakespanSeconds, res.Status
	if sc.asWritten {
		rep.Items = res.Items
	}
	switch {
	case sc.execType == asl.Express && res.TimedOut > 0:
		s.Allowed = false
		s.NotAllowed = fmt.Sprintf("%d EXPRESS children ran into the five-minute limit", res.TimedOut)
		return nil
	case !sc.asWritten && sc.batch != sc.writtenBatch && runtimeFailure(res) != "":
		// The variant breaks the definition (a child reads item fields a
		// batch does not have): it would need rewriting, not just a switch.
		s.Allowed = false
		s.NotAllowed = "the definition fails this way (" + firstSentence(runtimeFailure(res)) + "); its children would need rewriting for this batching"
		return nil
	}
	if limit := childError(res, asl.ErrDataLimitExceeded); limit != "" {
		s.Allowed = false
		s.NotAllowed = "a child's input is over the 256 KiB payload limit (" + firstSentence(limit) + ")"
		return nil
	}
	if sc.batch > 1 && res.Items > 0 {
		if want := (res.Items + int64(sc.batch) - 1) / int64(sc.batch); res.ChildExecutions > want {
			s.Notes = append(s.Notes, fmt.Sprintf("%s: batches are capped at 256 KiB, so %s items make %d children, not %d",
				s.Label(), fmt.Sprint(res.Items), res.ChildExecutions, want))
		}
	}
	if res.Status != "SUCCEEDED" {
		s.Notes = append(s.Notes, fmt.Sprintf("the simulated run ended %s with %s; the cost is that of the failed run", res.Status, res.Error))
	}
	u := usage(res, sim.Definition)
	s.Usage = &u
	monthly, err := u.Times(rep.RunsPerMonth)
	if err != nil {
		return err
	}
	s.SetBill(cost.Price(monthly, cfg.Prices, cfg.FreeTier), rep.RunsPerMonth)
	return nil
}

// usage is what a simulated run would be billed for.
func usage(res *simulate.Result, def *asl.Node) cost.Usage {
	u := cost.Usage{
		StandardTransitions: res.StateTransitions,
		ExpressRequests:     res.Usage.ExpressExecutions,
		ExpressBilledMs:     res.Usage.ExpressBilledMs,
		ExpressMemoryMB:     expressMemoryMB(def),
		S3Gets:              res.Usage.ItemReaderGets,
		S3Lists:             res.Usage.ItemReaderLists,
		S3Puts:              res.Usage.ResultWriterPut,
	}
	for _, t := range res.Tasks {
		if !profile.IsLambda(t.Resource) || t.Calls == 0 {
			continue
		}
		u.Lambda = append(u.Lambda, cost.LambdaUsage{Name: t.State, Arch: t.Arch, MemoryMB: t.MemoryMB, Requests: t.Calls, BilledMs: t.BilledMs})
	}
	return u
}

// expressMemoryMB estimates the memory an Express execution is billed for:
// 50 MB plus the definition (quotas-and-pricing §2.2), in 64 MB chunks.
// The execution data term only matters with many Parallel or Map steps
// holding large payloads, which a definition alone does not tell.
func expressMemoryMB(def *asl.Node) int {
	if def == nil {
		return cost.ExpressMemoryMB(0)
	}
	size := 0
	if b, err := json.Marshal(def.Interface()); err == nil {
		size = len(b)
	}
	return cost.ExpressMemoryMB(50 + float64(size)/(1<<20))
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, "). "); i >= 0 && i < len(s) {
		s = s[i+3:]
	}
	return strings.TrimSuffix(s, ".")
}

// PriceResult prices a saved simulation as written: the one scenario it
// ran. Without the definition, Express memory is taken as the minimum 64
// MB, and the report says so.
func PriceResult(res *simulate.Result, prices *cost.Prices, freeTier bool, runs int64) (*cost.Report, error) {
	runs = max(runs, 1)
	rep := &cost.Report{
		StateMachine: res.Name, Currency: prices.Currency, Region: prices.Region, PricesDate: prices.Date,
		FreeTier: freeTier, RunsPerMonth: runs, Items: res.Items, Notes: []string{},
	}
	if rep.StateMachine == "" {
		rep.StateMachine = "state machine"
	}
	execType := asl.Standard
	if res.Usage.ExpressExecutions > 0 && res.ChildExecutions > 0 {
		execType = asl.Express
	}
	batch := 1
	if res.Batched && res.ChildExecutions > 0 {
		batch = int((res.Items + res.ChildExecutions - 1) / res.ChildExecutions)
		rep.Notes = append(rep.Notes, fmt.Sprintf("the batch size, %d items, is the mean of the saved simulation", batch))
	}
	s := &cost.Scenario{ExecutionType: execType, ItemsPerBatch: batch, AsWritten: true, Allowed: true,
		ChildExecutions: res.ChildExecutions, StateTransitions: res.StateTransitions, MakespanSeconds: res.MakespanSeconds, Status: res.Status}
	u := usage(res, nil)
	if u.ExpressRequests > 0 {
		rep.Notes = append(rep.Notes, "Express memory is taken as 64 MB, the minimum (the saved simulation does not hold the definition it is estimated from)")
	}
	s.Usage = &u
	monthly, err := u.Times(runs)
	if err != nil {
		return nil, err
	}
	s.SetBill(cost.Price(monthly, prices, freeTier), runs)
	rep.Scenarios = []*cost.Scenario{s}
	return rep, nil
}

// runtimeFailure is the cause of a States.Runtime failure of the run or
// of a child, or "".
func runtimeFailure(res *simulate.Result) string {
	if res.Error == asl.ErrRuntime {
		return res.Cause
	}
	return childError(res, asl.ErrRuntime)
}

// childError is the cause of the first child failure named name, or "".
func childError(res *simulate.Result, name string) string {
	for _, e := range res.ChildErrors {
		if e.Error == name {
			return e.Cause
		}
	}
	return ""
}
