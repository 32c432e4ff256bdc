package profile

import (
	"math"

	"github.com/sfnsim/sfnsim/asl"
)

func (ps *problems) mapRun(n *asl.Node, p *Profile, set *fileSettings) {
	m, _ := ps.object(n, "mapRun", "{startLatency: 2s, childStartRate: 100, childOverhead: 50ms}",
		"startLatency", "childStartRate", "childOverhead")
	if v := m["startLatency"]; v != nil {
		p.MapRun.StartLatency, set.startLatency = ps.duration(v, "mapRun.startLatency")
	}
	if v := m["childStartRate"]; v != nil {
		p.MapRun.ChildStartRate, set.childStartRate = ps.number(v, "mapRun.childStartRate (children per second, 0 for unlimited)", 0)
	}
	if v := m["childOverhead"]; v != nil {
		p.MapRun.ChildOverhead, set.childOverhead = ps.duration(v, "mapRun.childOverhead")
	}
}

func (ps *problems) bucket(n *asl.Node, p *Profile, set *fileSettings) {
	m, _ := ps.object(n, "stateTransitions", "{burst: 800, perSecond: 800}", "burst", "perSecond")
	if v := m["burst"]; v != nil {
		p.StateTransitions.Burst, set.burst = ps.number(v, "stateTransitions.burst", 1)
	}
	if v := m["perSecond"]; v != nil {
		p.StateTransitions.PerSecond, set.perSecond = ps.number(v, "stateTransitions.perSecond (0 for unlimited)", 0)
	}
}

const poolExample = "{lambda: {concurrency: 1000, scalePer10s: 1000, throttleError: Lambda.TooManyRequestsException}}"

// pools reads the pools. The lambda pool may set only some of its fields
// (the rest are AWS's defaults); any other pool must give its concurrency,
// for which there is no default to assume.
func (ps *problems) pools(n *asl.Node, p *Profile, set *fileSettings) {
	for _, mem := range ps.members(n, "pools", poolExample) {
		what := "pool " + mem.Key
		m, ok := ps.object(mem.Value, what, "{concurrency: 50, throttleError: MyService.Throttled}",
			"concurrency", "scalePer10s", "throttleError")
		if !ok {
			continue
		}
		pool := &Pool{Name: mem.Key}
		p.Pools[mem.Key] = pool
		var s poolSettings
		if v := m["concurrency"]; v != nil {
			pool.Concurrency, s.concurrency = ps.integer(v, what+": concurrency", 1, math.MaxInt32)
		} else if mem.Key != LambdaPool {
			ps.atPos(mem.KeyRange.Start, "%s: set concurrency (calls in flight at most, 1 or more); only the lambda pool has a default", what)
		}
		if v := m["scalePer10s"]; v != nil {
			pool.ScalePer10s, s.scale = ps.integer(v, what+": scalePer10s (0 for no warm-up)", 0, math.MaxInt32)
		} else if mem.Key != LambdaPool {
			s.scale = true // no warm-up: the documented meaning of 0
		}
		if v := m["throttleError"]; v != nil {
			pool.ThrottleError, s.throttle = ps.str(v, what+": throttleError")
		} else if mem.Key != LambdaPool {
			s.throttle = true // calls wait for a slot: the documented meaning of ""
		}
		if mem.Key == LambdaPool {
			set.lambda = &s
		}
	}
}
