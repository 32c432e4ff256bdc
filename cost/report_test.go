package cost

import (
	"strings"
	"testing"
)

func amount(t *testing.T, s string) Amount {
	t.Helper()
	a, err := ParseAmount(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestChange(t *testing.T) {
	tests := []struct{ a, b, want string }{
		{"26.93", "0.89", "−97%"},
		{"0.89", "26.93", "+2926%"},
		{"1", "1.004", "±0%"},
		{"0", "0", "±0%"},
		{"0", "1", "new"},
	}
	for _, tt := range tests {
		if got := Change(amount(t, tt.a), amount(t, tt.b)); got != tt.want {
			t.Errorf("Change(%s, %s) = %s, want %s", tt.a, tt.b, got, tt.want)
		}
	}
}

func scenario(t *testing.T, execType string, batch int, total string, asWritten, allowed bool) *Scenario {
	s := &Scenario{ExecutionType: execType, ItemsPerBatch: batch, AsWritten: asWritten, Allowed: allowed}
	if !allowed {
		s.NotAllowed = "EXPRESS children ran into the five-minute limit"
		return s
	}
	s.Total, s.PerRun = amount(t, total), amount(t, total)
	return s
}

func TestHeadlineAndCheapest(t *testing.T) {
	rep := &Report{StateMachine: "sm", Scenarios: []*Scenario{
		scenario(t, "EXPRESS", 1, "26.93", true, true),
		scenario(t, "EXPRESS", 100, "0.89", false, true),
		scenario(t, "STANDARD", 1000, "0.10", false, false),
	}}
	if got := rep.Headline(); got != "EXPRESS children, MaxItemsPerBatch 100 cost $0.89 per run instead of $26.93 (−97%)" {
		t.Errorf("headline %q", got)
	}
	rep.Scenarios[0].Total, rep.Scenarios[0].PerRun = amount(t, "0.50"), amount(t, "0.50")
	if got := rep.Headline(); !strings.HasPrefix(got, "$0.50 per run as written") {
		t.Errorf("headline %q", got)
	}
	rep.Scenarios[0].Allowed, rep.Scenarios[0].NotAllowed = false, "EXPRESS children ran into the five-minute limit"
	if got := rep.Headline(); !strings.HasPrefix(got, "as written AWS would not run it") || !strings.Contains(got, "$0.89") {
		t.Errorf("headline %q", got)
	}
}

// Machines added and removed between base and head.
func TestDiffAddedRemoved(t *testing.T) {
	one := func(name, total string) *Report {
		return &Report{StateMachine: name, Currency: "USD", Scenarios: []*Scenario{scenario(t, "EXPRESS", 1, total, true, true)}}
	}
	d, err := DiffReports([]*Report{one("a", "1"), one("b", "2")}, []*Report{one("b", "3"), one("c", "4")})
	if err != nil {
		t.Fatal(err)
	}
	var changes []string
	for _, m := range d.Machines {
		changes = append(changes, m.StateMachine+" "+m.Change)
	}
	if got := strings.Join(changes, ", "); got != "a removed, b +50%, c added" {
		t.Errorf("changes %q", got)
	}
	if got := d.Headline(); got != "↑ this change raises the monthly cost from $3.00 to $7.00 (+133%)" {
		t.Errorf("headline %q", got)
	}
	var md strings.Builder
	if err := d.WriteMarkdown(&md); err != nil || !strings.HasPrefix(md.String(), Marker+"\n") {
		t.Errorf("markdown does not start with the marker: %v\n%s", err, md.String())
	}
}

func TestReadReports(t *testing.T) {
	two := `{"stateMachine":"a","scenarios":[]}` + "\n" + `{"stateMachine":"b","scenarios":[]}`
	reps, err := ReadReports("x.json", strings.NewReader(two))
	if err != nil || len(reps) != 2 {
		t.Errorf("%d reports, %v", len(reps), err)
	}
	if reps, err := ReadReports("x.json", strings.NewReader("")); err != nil || len(reps) != 0 {
		t.Errorf("an empty file (no state machine on that side): %d reports, %v", len(reps), err)
	}
	for _, bad := range []string{"{", `{"items":1}`} {
		if _, err := ReadReports("x.json", strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "x.json") {
			t.Errorf("ReadReports(%q): %v", bad, err)
		}
	}
}

func TestInfracostAddress(t *testing.T) {
	tests := []struct{ machine, resource, want string }{
		{"infra/main.tf (aws_sfn_state_machine.orders)", "aws_sfn_state_machine.orders", "aws_sfn_state_machine.orders"},
		{"template.yaml (Orders)", "Orders", "aws_sfn_state_machine.Orders"},
		{"sm/3-transform.asl.json", "", "aws_sfn_state_machine.sm_3-transform"},
	}
	for _, tt := range tests {
		if got := (&Report{StateMachine: tt.machine, Resource: tt.resource}).address(); got != tt.want {
			t.Errorf("address(%q, %q) = %q, want %q", tt.machine, tt.resource, got, tt.want)
		}
	}
}

// A side AWS would not run has no price: it stays out of the totals, and
// the change and the JSON say so.
func TestDiffNotAllowed(t *testing.T) {
	base := &Report{StateMachine: "sm", Scenarios: []*Scenario{scenario(t, "EXPRESS", 1, "0.03", true, true)}}
	head := &Report{StateMachine: "sm", Scenarios: []*Scenario{
		scenario(t, "EXPRESS", 1, "", true, false),
		scenario(t, "STANDARD", 1, "0.05", false, true),
	}}
	d, err := DiffReports([]*Report{base}, []*Report{head})
	if err != nil {
		t.Fatal(err)
	}
	m := d.Machines[0]
	if m.Change != "now not allowed" || !d.HeadTotal.IsZero() || !d.BaseTotal.IsZero() || !strings.Contains(m.Advice, "STANDARD children, unbatched would cost $0.05") {
		t.Errorf("change %q, totals %s → %s, advice %q", m.Change, d.BaseTotal, d.HeadTotal, m.Advice)
	}
	if h := d.Headline(); strings.Contains(h, "−100%") || !strings.Contains(h, "now not allowed") {
		t.Errorf("headline %q", h)
	}
	var js strings.Builder
	if err := head.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"total": null`) || !strings.Contains(js.String(), `"total": "0.05"`) {
		t.Errorf("JSON:\n%s", js.String())
	}
	// Reports priced differently are not compared.
	head.FreeTier = true
	if _, err := DiffReports([]*Report{base}, []*Report{head}); err == nil || !strings.Contains(err.Error(), "--free-tier") {
		t.Errorf("mismatched pricing: %v", err)
	}
}

func TestRegionAndOverrideChecks(t *testing.T) {
	if _, err := LoadPrices("moon-1", nil); err == nil || !strings.Contains(err.Error(), "not an AWS Region name") {
		t.Errorf("--region moon-1: %v", err)
	}
	p, err := LoadPrices("US-WEST-2", nil)
	if err != nil || p.Region != "us-west-2" || len(p.Notes) == 0 {
		t.Errorf("us-west-2: %v, %+v", err, p)
	}
	if _, err := LoadPrices("", []byte(`{"standard":{"regions":{"us-east-1":{"transitionsPer1000":"1e-100000"}}}}`)); err == nil || !strings.Contains(err.Error(), "transitionsPer1000") {
		t.Errorf("huge exponent: %v", err)
	}
	// An override keyed in capitals, and one architecture alone.
	override := `{"standard":{"regions":{"EU-CENTRAL-1":{"transitionsPer1000":"0.03"}}},
		"lambda":{"regions":{"eu-central-1":{"requestsPerMillion":"0.20","durationTiers":{"arm64":[{"perGBSecond":"0.00001"}]}}}}}`
	p, err = LoadPrices("eu-central-1", []byte(override))
	if err != nil {
		t.Fatal(err)
	}
	bill := Price(Usage{StandardTransitions: 1000, Lambda: []LambdaUsage{
		{Arch: "arm64", MemoryMB: 1024, Requests: 1, BilledMs: 1000},
		{Arch: "x86_64", MemoryMB: 1024, Requests: 1, BilledMs: 1000},
	}}, p, false)
	// $0.03 of transitions, 2 requests ($0.0000004), 1 GB-s at $0.00001
	// (arm64, overridden) and 1 GB-s at $0.0000166667 (x86_64, us-east-1's).
	want := "0.0300270667"
	if got := bill.Total.Decimal(); got != want {
		t.Errorf("total %s, want %s", got, want)
	}
}

// A head whose simulated run fails is no saving: the diff says it fails,
// keeps it out of the totals, and gives no advice from it.
func TestDiffFailedHead(t *testing.T) {
	base := &Report{StateMachine: "sm", Scenarios: []*Scenario{scenario(t, "EXPRESS", 1, "26.83", true, true)}}
	failed := scenario(t, "EXPRESS", 1, "0.03", true, true)
	failed.Status = "FAILED"
	cheapFailed := scenario(t, "STANDARD", 1, "0.01", false, true)
	cheapFailed.Status = "FAILED"
	head := &Report{StateMachine: "sm", Scenarios: []*Scenario{failed, cheapFailed}}
	base.Scenarios[0].Status = "SUCCEEDED"
	d, err := DiffReports([]*Report{base}, []*Report{head})
	if err != nil {
		t.Fatal(err)
	}
	m := d.Machines[0]
	if m.Change != "now FAILED" || m.Advice != "" || !d.HeadTotal.IsZero() || !d.BaseTotal.IsZero() || len(d.Failed) != 1 {
		t.Errorf("change %q, advice %q, totals %s → %s, failed %v", m.Change, m.Advice, d.BaseTotal, d.HeadTotal, d.Failed)
	}
	h := d.Headline()
	if strings.Contains(h, "lowers") || strings.Contains(h, "−") || !strings.Contains(h, "⚠ the simulated run of sm fails") || !strings.Contains(h, "$0.03 (FAILED)") {
		t.Errorf("headline %q", h)
	}
	// A pull request that adds the first machine: the base file is empty.
	d, err = DiffReports(nil, []*Report{base})
	if err != nil || d.Machines[0].Change != "added" {
		t.Errorf("added: %v %+v", err, d)
	}
	if d, err = DiffReports(nil, nil); err != nil || d.Headline() != "no state machine was priced in base or head" {
		t.Errorf("both sides empty: %v %q", err, d.Headline())
	}
}
