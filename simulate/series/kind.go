package series

import "strconv"

// Kind is a kind of event a Timeline counts per interval.
type Kind int

// The kinds of counted events. Throttled counts calls the simulated service
// rejected for rate or concurrency limits, which the charts mark separately
// from failures because they are retried rather than fatal.
const (
	Started Kind = iota
	Succeeded
	Failed
	Throttled

	numKinds = iota
)

var kindNames = [numKinds]string{"started", "succeeded", "failed", "throttled"}

// String returns the lower-case name used in CSV headers and tables.
func (k Kind) String() string {
	if k < 0 || k >= numKinds {
		return "Kind(" + strconv.Itoa(int(k)) + ")"
	}
	return kindNames[k]
}
