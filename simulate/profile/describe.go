package profile

import (
	"fmt"
	"strconv"
	"strings"
)

// Labels of the settings, as Describe prints them and as defaulted keys
// them.
const (
	labelStartLatency   = "mapRun.startLatency"
	labelChildStartRate = "mapRun.childStartRate"
	labelChildOverhead  = "mapRun.childOverhead"
	labelBurst          = "stateTransitions.burst"
	labelPerSecond      = "stateTransitions.perSecond"
)

func poolLabel(name, field string) string { return "pools." + name + "." + field }
func labelTask(key, field string) string  { return "tasks." + key + "." + field }

// Describe returns one line per setting, "label: value", with " (default)"
// after the values the profile file did not set, for the head of a report.
// Pools and tasks come in name order.
func (p *Profile) Describe() []string {
	var out []string
	line := func(label, value string) {
		if p.defaulted[label] {
			value += " (default)"
		}
		out = append(out, label+": "+value)
	}
	rate := "unlimited"
	if p.MapRun.ChildStartRate > 0 {
		rate = formatFloat(p.MapRun.ChildStartRate) + " per second"
	}
	line(labelStartLatency, p.MapRun.StartLatency.String())
	line(labelChildStartRate, rate)
	line(labelChildOverhead, p.MapRun.ChildOverhead.String())
	line(labelBurst, formatFloat(p.StateTransitions.Burst))
	if p.StateTransitions.PerSecond > 0 {
		line(labelPerSecond, formatFloat(p.StateTransitions.PerSecond))
	} else {
		line(labelPerSecond, "unlimited")
	}
	for _, name := range sortedKeys(p.Pools) {
		pool := p.Pools[name]
		line(poolLabel(name, "concurrency"), formatInt(pool.Concurrency))
		scale := "all at once"
		if pool.ScalePer10s > 0 {
			scale = formatInt(pool.ScalePer10s) + " more every 10s"
		}
		line(poolLabel(name, "scalePer10s"), scale)
		throttle := "calls wait for a free slot"
		if pool.ThrottleError != "" {
			throttle = "calls over the limit fail with " + pool.ThrottleError
		}
		line(poolLabel(name, "throttleError"), throttle)
	}
	for _, key := range sortedKeys(p.Tasks) {
		t := p.Tasks[key]
		line(labelTask(key, "duration"), distString(t.Duration))
		if len(t.Failures) > 0 {
			line(labelTask(key, "failures"), failuresString(t.Failures))
		}
		line(labelTask(key, "memoryMB"), strconv.Itoa(t.MemoryMB))
		line(labelTask(key, "arch"), t.Arch)
		switch {
		case t.Pool != "":
			line(labelTask(key, "pool"), t.Pool)
		case t.lambdaPool != nil:
			line(labelTask(key, "pool"), LambdaPool+" if it calls Lambda, else none")
		default:
			line(labelTask(key, "pool"), "none")
		}
	}
	return out
}

func distString(d Dist) string {
	if d == nil {
		return "none"
	}
	return d.String()
}

func failuresString(fs []Failure) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprintf("%s %s%%", f.Error, formatFloat(f.P*100))
	}
	return strings.Join(parts, ", ")
}

func formatFloat(f float64) string {
	if f == float64(int64(f)) && f < 1e15 && f > -1e15 {
		return formatInt(int(f))
	}
	return strconv.FormatFloat(f, 'g', 6, 64)
}

// formatInt writes n with thousands separators, as AWS's quota pages do.
func formatInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
