package cost

import (
	"encoding/json"
	"fmt"
	"io"
	"math/big"
)

// Report is what one state machine costs in each scenario `sfnsim cost`
// compared: the children's ExecutionType as written and the other one,
// at each batch size asked for. Its JSON form is what `sfnsim cost
// --format json` prints and what `sfnsim cost diff` reads.
type Report struct {
	// StateMachine names the machine (its file, and template resource).
	StateMachine string `json:"stateMachine"`
	// Resource is the template resource that declares it ("" for a plain
	// file): a Terraform address such as aws_sfn_state_machine.orders.
	Resource     string `json:"resource,omitempty"`
	Currency     string `json:"currency"`
	Region       string `json:"region"`
	PricesDate   string `json:"pricesDate"`
	FreeTier     bool   `json:"freeTier"`
	RunsPerMonth int64  `json:"runsPerMonth"`
	// Items is the number of items each run processes.
	Items     int64       `json:"items"`
	Scenarios []*Scenario `json:"scenarios"`
	Notes     []string    `json:"notes"`
}

// Scenario is one way of running the machine, priced.
type Scenario struct {
	// ExecutionType is the Distributed Map children's type; ItemsPerBatch
	// their batch size (1: no batching; 0: batching as written, from a
	// path, an expression or MaxInputBytesPerBatch alone).
	ExecutionType string `json:"executionType"`
	ItemsPerBatch int    `json:"itemsPerBatch"`
	// Description, when set, replaces the label made of the two (a machine
	// without a Distributed Map).
	Description string `json:"description,omitempty"`
	AsWritten   bool   `json:"asWritten"`
	// Allowed is false for a scenario AWS would not run (EXPRESS children
	// over five minutes, or calling .sync or .waitForTaskToken
	// integrations); NotAllowed says why, and the scenario is not priced.
	Allowed    bool   `json:"allowed"`
	NotAllowed string `json:"notAllowed,omitempty"`
	// Total is the month's cost (RunsPerMonth runs), PerRun a run's share.
	Total  Amount `json:"total"`
	PerRun Amount `json:"perRun"`
	Lines  []Line `json:"lines"`
	// What the simulation counted for this scenario.
	ChildExecutions  int64    `json:"childExecutions"`
	StateTransitions int64    `json:"stateTransitions"`
	MakespanSeconds  float64  `json:"makespanSeconds"`
	Status           string   `json:"status"`
	Notes            []string `json:"notes,omitempty"`
	// Usage is one run's usage, as the simulation counted it.
	Usage *Usage `json:"usage,omitempty"`
}

// Label names a scenario for people: "EXPRESS children, MaxItemsPerBatch
// 100".
func (s *Scenario) Label() string {
	if s.Description != "" {
		return s.Description
	}
	batch := "unbatched"
	switch {
	case s.ItemsPerBatch > 1:
		batch = fmt.Sprintf("MaxItemsPerBatch %d", s.ItemsPerBatch)
	case s.ItemsPerBatch == 0:
		batch = "batching as written"
	}
	return fmt.Sprintf("%s children, %s", s.ExecutionType, batch)
}

// MarshalJSON writes a scenario AWS would not run with null amounts: it
// was not priced, and 0 would read as free.
func (s *Scenario) MarshalJSON() ([]byte, error) {
	type plain Scenario
	out := struct {
		*plain
		Total  *Amount `json:"total"`
		PerRun *Amount `json:"perRun"`
	}{plain: (*plain)(s)}
	if s.Allowed {
		out.Total, out.PerRun = &s.Total, &s.PerRun
	}
	return json.Marshal(out)
}

// SetBill prices the scenario from a month's bill.
func (s *Scenario) SetBill(b *Bill, runsPerMonth int64) {
	s.Lines = b.Lines
	if s.Lines == nil {
		s.Lines = []Line{}
	}
	s.Total = b.Total
	s.PerRun = b.Total.Mul(big.NewRat(1, max(runsPerMonth, 1)))
	s.Notes = append(s.Notes, b.Notes...)
}

// AsWritten is the scenario of the definition as it is.
func (r *Report) AsWritten() *Scenario {
	for _, s := range r.Scenarios {
		if s.AsWritten {
			return s
		}
	}
	return nil
}

// Cheapest is the allowed scenario with the lowest total; the one as
// written wins a tie. When the run as written succeeds, a scenario whose
// run failed does not count: it is cheap because it stopped early.
func (r *Report) Cheapest() *Scenario {
	var best *Scenario
	written := r.AsWritten()
	for _, s := range r.Scenarios {
		if !s.Allowed || written != nil && written.Status == "SUCCEEDED" && s.Status != "SUCCEEDED" {
			continue
		}
		if best == nil || s.Total.Cmp(best.Total) < 0 || s.Total.Cmp(best.Total) == 0 && s.AsWritten {
			best = s
		}
	}
	return best
}

// Headline says in one sentence what the report means: the cost as
// written, and the cheapest alternative when there is a cheaper one
// ("EXPRESS children, MaxItemsPerBatch 100 cost $0.89 per run instead of
// $26.93 (−97%)").
func (r *Report) Headline() string {
	written, best := r.AsWritten(), r.Cheapest()
	switch {
	case written == nil:
		return "no scenario could be priced"
	case !written.Allowed:
		if best == nil {
			return fmt.Sprintf("as written AWS would not run it (%s), and no alternative could be priced", written.NotAllowed)
		}
		return fmt.Sprintf("as written AWS would not run it (%s); %s cost %s per run", written.NotAllowed, best.Label(), best.PerRun.Display())
	case best == nil || best == written || best.Total.Cmp(written.Total) >= 0:
		return fmt.Sprintf("%s per run as written (%s), the cheapest of the scenarios compared", written.PerRun.Display(), written.Label())
	}
	return fmt.Sprintf("%s cost %s per run instead of %s (%s)", best.Label(), best.PerRun.Display(), written.PerRun.Display(), Change(written.Total, best.Total))
}

// Change is the relative change from a to b: "−97%", "+12%", "±0%".
func Change(a, b Amount) string {
	if a.IsZero() {
		if b.IsZero() {
			return "±0%"
		}
		return "new"
	}
	pct := new(big.Rat).Quo(b.Sub(a).Rat(), a.Rat())
	pct.Mul(pct, big.NewRat(100, 1))
	f, _ := pct.Float64() // display only
	switch {
	case f >= 0.5:
		return fmt.Sprintf("+%.0f%%", f)
	case f <= -0.5:
		return fmt.Sprintf("−%.0f%%", -f)
	}
	return "±0%"
}

// WriteJSON writes the report as indented JSON; money is decimal strings.
// Its notes are all the notes (AllNotes), as in the other formats; each
// scenario keeps its own as well.
func (r *Report) WriteJSON(w io.Writer) error {
	out := *r
	out.Notes = r.AllNotes()
	if out.Notes == nil {
		out.Notes = []string{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(&out)
}

// ReadReports reads the reports of a file written by `sfnsim cost --format
// json`: one report, or several one after the other (a workflow may
// append one per state machine).
func ReadReports(name string, r io.Reader) ([]*Report, error) {
	dec := json.NewDecoder(r)
	var out []*Report
	for {
		var rep Report
		err := dec.Decode(&rep)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: report %d: %v (write it with sfnsim cost --format json)", name, len(out)+1, err)
		}
		if rep.StateMachine == "" || rep.Scenarios == nil {
			return nil, fmt.Errorf("%s: report %d has no stateMachine or scenarios: is it the output of sfnsim cost --format json?", name, len(out)+1)
		}
		out = append(out, &rep)
	}
	// An empty file is a side with no state machine (a pull request that
	// adds the first one, or removes the last): every machine of the other
	// side is then added or removed.
	return out, nil
}
