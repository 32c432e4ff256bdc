package cost

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// Usage is one run's usage (the CLI multiplies by runs per month before
// pricing). Durations are integers (milliseconds) so that no float enters
// the amounts.
type Usage struct {
	StandardTransitions int64         `json:"standardTransitions"`
	ExpressRequests     int64         `json:"expressRequests"`
	ExpressBilledMs     int64         `json:"expressBilledMs"` // Σ per-execution durations already rounded up to 100 ms
	ExpressMemoryMB     int           `json:"expressMemoryMB"` // billed memory per Express execution, a multiple of 64 (minimum 64)
	Lambda              []LambdaUsage `json:"lambda"`
	S3Gets              int64         `json:"s3Gets"`
	S3Lists             int64         `json:"s3Lists"`
	S3Puts              int64         `json:"s3Puts"`
}

// LambdaUsage is one function's (or one Task's) invocations.
type LambdaUsage struct {
	Name     string `json:"name"`
	Arch     string `json:"arch"` // "x86_64" (also when empty) or "arm64"
	MemoryMB int    `json:"memoryMB"`
	Requests int64  `json:"requests"`
	BilledMs int64  `json:"billedMs"` // Σ per-invocation durations, each rounded up to 1 ms
}

// Times returns the usage of n runs. Memory sizes are per execution and do
// not scale. A count that would overflow int64 is an error: a huge
// --runs-per-month must not wrap into a wrong bill.
func (u Usage) Times(n int64) (Usage, error) {
	var overflow bool
	mul := func(v int64) int64 {
		hi, lo := bits.Mul64(uint64(max(v, 0)), uint64(max(n, 0)))
		if hi != 0 || lo > math.MaxInt64 {
			overflow = true
			return 0
		}
		return int64(lo)
	}
	out := u
	out.StandardTransitions = mul(u.StandardTransitions)
	out.ExpressRequests = mul(u.ExpressRequests)
	out.ExpressBilledMs = mul(u.ExpressBilledMs)
	out.S3Gets = mul(u.S3Gets)
	out.S3Lists = mul(u.S3Lists)
	out.S3Puts = mul(u.S3Puts)
	if u.Lambda != nil {
		out.Lambda = make([]LambdaUsage, len(u.Lambda))
		for i, l := range u.Lambda {
			l.Requests = mul(l.Requests)
			l.BilledMs = mul(l.BilledMs)
			out.Lambda[i] = l
		}
	}
	if overflow {
		return Usage{}, fmt.Errorf("%d runs a month of this usage overflow the counters; give fewer runs", n)
	}
	return out, nil
}

// Validate reports usage that Price would have to guess about. Price still
// bills such usage (with a note), so calling Validate is optional.
func (u Usage) Validate() error {
	var errs []error
	neg := func(name string, v int64) {
		if v < 0 {
			errs = append(errs, fmt.Errorf("%s is %d; expected a count ≥ 0", name, v))
		}
	}
	neg("StandardTransitions", u.StandardTransitions)
	neg("ExpressRequests", u.ExpressRequests)
	neg("ExpressBilledMs", u.ExpressBilledMs)
	neg("S3Gets", u.S3Gets)
	neg("S3Lists", u.S3Lists)
	neg("S3Puts", u.S3Puts)
	if u.ExpressBilledMs > 0 && (u.ExpressMemoryMB < 64 || u.ExpressMemoryMB%64 != 0) {
		errs = append(errs, fmt.Errorf("ExpressMemoryMB is %d; expected a multiple of 64, at least 64 (use ExpressMemoryMB(estimate))", u.ExpressMemoryMB))
	}
	for i, l := range u.Lambda {
		name := fmt.Sprintf("Lambda[%d] (%s)", i, l.Name)
		neg(name+".Requests", l.Requests)
		neg(name+".BilledMs", l.BilledMs)
		if l.Arch != "" && l.Arch != ArchX86 && l.Arch != ArchARM {
			errs = append(errs, fmt.Errorf("%s.Arch is %q; expected %q or %q", name, l.Arch, ArchX86, ArchARM))
		}
		if l.BilledMs > 0 && l.MemoryMB <= 0 {
			errs = append(errs, fmt.Errorf("%s.MemoryMB is %d; expected the configured memory (128–10,240 MB)", name, l.MemoryMB))
		}
	}
	return errors.Join(errs...)
}

// ExpressMemoryMB turns an Express memory estimate (MB) into billed memory:
// rounded up to a 64 MB chunk, minimum 64. The estimate is a float because it
// comes from the spec's formula (50 MB + sizes in KB); it never touches money.
func ExpressMemoryMB(estimateMB float64) int {
	if math.IsNaN(estimateMB) || estimateMB <= 64 {
		return 64
	}
	if estimateMB > float64(math.MaxInt32) {
		// Far beyond any real execution; cap instead of overflowing int.
		return math.MaxInt32 / 64 * 64
	}
	return int(math.Ceil(estimateMB/64)) * 64
}
