package cost

import (
	"fmt"
	"io"
	"regexp"
	"strings"
)

// WriteInfracostUsage writes an infracost usage file (version 0.1) with the
// usage of the definition as written, so that `infracost breakdown
// --usage-file` prices the state machine from what the simulation
// counted instead of from guesses typed by hand. infracost prices an
// aws_sfn_state_machine by its own type; a Standard machine whose
// Distributed Map runs EXPRESS children has both kinds of usage, so both
// are written, each with a comment saying which part it is.
func (r *Report) WriteInfracostUsage(w io.Writer) error {
	s := r.AsWritten()
	if s == nil || s.Usage == nil {
		return fmt.Errorf("%s: the definition as written has no usage to write (was it priced?)", r.StateMachine)
	}
	u, err := s.Usage.Times(r.RunsPerMonth)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "# Usage of %s for infracost, from `sfnsim cost` (%s items per run, %s).\n", r.StateMachine, thousands(r.Items), r.period())
	fmt.Fprintln(w, "# infracost breakdown --path . --usage-file infracost-usage.yml")
	fmt.Fprintln(w, "version: 0.1")
	fmt.Fprintln(w, "resource_usage:")
	fmt.Fprintf(w, "  %s:\n", r.address())
	fmt.Fprintf(w, "    monthly_transitions: %d # Standard: states entered, retries, and one per Distributed Map child started\n", u.StandardTransitions)
	if u.ExpressRequests > 0 {
		if s.ExecutionType == "EXPRESS" && u.StandardTransitions > 0 {
			fmt.Fprintln(w, "    # infracost prices a state machine by its own type: for a Standard machine it reads")
			fmt.Fprintln(w, "    # monthly_transitions only, and the Express children below are left out of its estimate")
			fmt.Fprintln(w, "    # (sfnsim cost includes them).")
		}
		fmt.Fprintf(w, "    monthly_requests: %d # Express executions (the Distributed Map's EXPRESS children)\n", u.ExpressRequests)
		fmt.Fprintf(w, "    workflow_duration_ms: %d # mean billed duration of an Express execution, rounded up\n", ceilDiv(u.ExpressBilledMs, u.ExpressRequests))
		fmt.Fprintf(w, "    memory_mb: %d # billed memory of an Express execution (64 MB chunks)\n", u.ExpressMemoryMB)
	}
	used := map[string]bool{}
	for _, l := range u.Lambda {
		if l.Requests == 0 {
			continue
		}
		// Task names that differ only in punctuation would make one key:
		// keys stay unique, so the YAML stays valid.
		key := identifier(l.Name)
		for n := 2; used[key]; n++ {
			key = fmt.Sprintf("%s_%d", identifier(l.Name), n)
		}
		used[key] = true
		fmt.Fprintf(w, "  # Task %q calls this function; use the address of its aws_lambda_function.\n", l.Name)
		fmt.Fprintf(w, "  aws_lambda_function.%s:\n", key)
		fmt.Fprintf(w, "    monthly_requests: %d\n", l.Requests)
		fmt.Fprintf(w, "    request_duration_ms: %d # mean billed duration (1 ms billing), rounded up\n", ceilDiv(l.BilledMs, l.Requests))
	}
	return nil
}

// address is the state machine's Terraform address: its resource when it
// came from Terraform, else one made from the file name.
func (r *Report) address() string {
	if strings.HasPrefix(r.Resource, "aws_sfn_state_machine.") {
		return r.Resource
	}
	name := r.Resource
	if name == "" {
		name = r.StateMachine
		if i := strings.LastIndexAny(name, `/\`); i >= 0 {
			name = name[i+1:]
		}
		name = strings.SplitN(name, ".", 2)[0]
	}
	return "aws_sfn_state_machine." + identifier(name)
}

var notIdentifier = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// identifier makes a Terraform resource name: letters, digits, _ and -.
func identifier(s string) string {
	s = notIdentifier.ReplaceAllString(s, "_")
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		s = "sm_" + s
	}
	return s
}

func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }
