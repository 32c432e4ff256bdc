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
	d := DiffReports([]*Report{one("a", "1"), one("b", "2")}, []*Report{one("b", "3"), one("c", "4")})
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
	for _, bad := range []string{"", "{", `{"items":1}`} {
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
