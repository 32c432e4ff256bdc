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
	u := s.Usage.Times(r.RunsPerMonth)
	fmt.Fprintf(w, "# Usage of %s for infracost, from `sfnsim cost` (%s items per run, %s).\n", r.StateMachine, thousands(r.Items), r.period())
	fmt.Fprintln(w, "# infracost breakdown --path . --usage-file infracost-usage.yml")
	fmt.Fprintln(w, "version: 0.1")
	fmt.Fprintln(w, "resource_usage:")
	fmt.Fprintf(w, "  %s:\n", r.address())
	fmt.Fprintf(w, "    monthly_transitions: %d # Standard: states entered, retries, and one per Distributed Map child started\n", u.StandardTransitions)
	if u.ExpressRequests > 0 {
		fmt.Fprintf(w, "    monthly_requests: %d # Express executions (the Distributed Map's EXPRESS children)\n", u.ExpressRequests)
		fmt.Fprintf(w, "    workflow_duration_ms: %d # mean billed duration of an Express execution (rounded up to 100 ms each)\n", u.ExpressBilledMs/u.ExpressRequests)
		fmt.Fprintf(w, "    memory_mb: %d # billed memory of an Express execution (64 MB chunks)\n", u.ExpressMemoryMB)
	}
	for _, l := range u.Lambda {
		if l.Requests == 0 {
			continue
		}
		fmt.Fprintf(w, "  # Task %q calls this function; use the address of its aws_lambda_function.\n", l.Name)
		fmt.Fprintf(w, "  aws_lambda_function.%s:\n", identifier(l.Name))
		fmt.Fprintf(w, "    monthly_requests: %d\n", l.Requests)
		fmt.Fprintf(w, "    request_duration_ms: %d # mean billed duration (1 ms billing)\n", l.BilledMs/l.Requests)
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
