package series

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

const ms = time.Millisecond

type event struct {
	t     time.Duration
	delta int
}

// children turns start/duration pairs into Running events in time order,
// ends before starts at equal times as the simulator's queue delivers them.
func children(r *rand.Rand, n int, horizon, maxDur time.Duration) (evs []event, area float64) {
	for range n {
		s := time.Duration(r.Int64N(int64(horizon)))
		d := time.Duration(r.Int64N(int64(maxDur))) + 1
		evs = append(evs, event{s, +1}, event{s + d, -1})
		area += float64(d)
	}
	slices.SortFunc(evs, func(a, b event) int {
		if a.t != b.t {
			return int(a.t - b.t)
		}
		return a.delta - b.delta
	})
	return evs, area
}

func exactPeak(evs []event) int {
	cur, peak := 0, 0
	for _, e := range evs {
		cur += e.delta
		peak = max(peak, cur)
	}
	return peak
}

func TestTimelineStepMean(t *testing.T) {
	tests := []struct {
		name      string
		events    []event
		until     time.Duration
		wantMean  float64
		wantPeak  int
		maxPoints int
	}{
		{"10 for 5s then 0, over 10s", []event{{0, 10}, {5 * time.Second, -10}}, 10 * time.Second, 5, 10, 2000},
		{"10 for 5s then 0, tiny timeline", []event{{0, 10}, {5 * time.Second, -10}}, 10 * time.Second, 5, 10, 3},
		{"ten +1 calls", func() []event {
			var e []event
			for range 10 {
				e = append(e, event{0, 1})
			}
			for range 10 {
				e = append(e, event{5 * time.Second, -1})
			}
			return e
		}(), 10 * time.Second, 5, 10, 2000},
		{"still running at until", []event{{2 * time.Second, 4}}, 10 * time.Second, 3.2, 4, 2000},
		{"staircase", []event{{0, 1}, {time.Second, 1}, {2 * time.Second, 1}, {3 * time.Second, -3}}, 4 * time.Second, 1.5, 3, 7},
		{"until inside run", []event{{0, 10}, {5 * time.Second, -10}}, 5 * time.Second, 10, 10, 2000},
		{"no events", nil, time.Second, 0, 0, 2000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tl := NewTimeline(tc.maxPoints)
			for _, e := range tc.events {
				tl.Running(e.t, e.delta)
			}
			if got := tl.MeanRunning(tc.until); got != tc.wantMean {
				t.Errorf("MeanRunning(%v) = %v, want %v", tc.until, got, tc.wantMean)
			}
			if tl.Peak() != tc.wantPeak {
				t.Errorf("Peak = %d, want %d", tl.Peak(), tc.wantPeak)
			}
		})
	}
}

func TestTimelinePointMeans(t *testing.T) {
	tl := NewTimeline(100)
	tl.Running(0, 2)
	tl.Running(1500*time.Microsecond, -1)
	tl.Running(2500*time.Microsecond, -1)
	want := []Point{
		{T: 0, Running: 2, MeanRunning: 2},
		{T: ms, Running: 2, MeanRunning: 1.5},
		{T: 2 * ms, Running: 1, MeanRunning: 0.5},
	}
	if got := tl.Points(); !slices.Equal(got, want) {
		t.Errorf("Points = %+v\nwant %+v", got, want)
	}
}

func TestTimelineMergingKeepsTotals(t *testing.T) {
	tests := []struct {
		name      string
		maxPoints int
		calls     int
		spacing   time.Duration
	}{
		{"no merging", 2000, 1000, ms},
		{"many doublings", 16, 100_000, 7 * ms},
		{"odd size", 5, 10_000, 3 * ms},
		{"two points", 1, 5000, time.Second},
		{"hour-long run", 2000, 200_000, 18 * ms},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tl := NewTimeline(tc.maxPoints)
			for i := range tc.calls {
				at := time.Duration(i) * tc.spacing
				tl.Count(at, Started, 1)
				tl.Count(at, Kind(i%3+1), 2)
			}
			pts := tl.Points()
			if len(pts) > max(tc.maxPoints, 2) {
				t.Errorf("%d points, want at most %d", len(pts), tc.maxPoints)
			}
			var s [numKinds]int64
			for i, p := range pts {
				if p.T != time.Duration(i)*tl.Width() {
					t.Fatalf("point %d at %v, want %v", i, p.T, time.Duration(i)*tl.Width())
				}
				s[Started] += p.Started
				s[Succeeded] += p.Succeeded
				s[Failed] += p.Failed
				s[Throttled] += p.Throttled
			}
			if s[Started] != int64(tc.calls) || tl.Total(Started) != int64(tc.calls) {
				t.Errorf("started: points sum %d, Total %d, want %d", s[Started], tl.Total(Started), tc.calls)
			}
			if all := s[Succeeded] + s[Failed] + s[Throttled]; all != 2*int64(tc.calls) {
				t.Errorf("other kinds sum to %d, want %d", all, 2*tc.calls)
			}
			last := time.Duration(tc.calls-1) * tc.spacing
			if end := pts[len(pts)-1].T; last < end || last >= end+tl.Width() {
				t.Errorf("last point %v does not contain the last event %v", end, last)
			}
		})
	}
}

func TestTimelineRandomChildren(t *testing.T) {
	tests := []struct {
		name      string
		maxPoints int
		n         int
		horizon   time.Duration
		maxDur    time.Duration
	}{
		{"short", 2000, 1000, time.Second, 100 * ms},
		{"merged", 50, 20_000, 10 * time.Minute, 30 * time.Second},
		{"sub-interval children", 2000, 5000, 50 * ms, 200 * time.Microsecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			evs, area := children(rand.New(rand.NewPCG(5, 6)), tc.n, tc.horizon, tc.maxDur)
			tl := NewTimeline(tc.maxPoints)
			for _, e := range evs {
				tl.Running(e.t, e.delta)
			}
			want := exactPeak(evs)
			if tl.Peak() != want {
				t.Errorf("Peak = %d, want %d", tl.Peak(), want)
			}
			pts := tl.Points()
			var ptsPeak int
			var ptsArea float64
			for _, p := range pts {
				ptsPeak = max(ptsPeak, p.Running)
				ptsArea += p.MeanRunning * float64(tl.Width())
			}
			if ptsPeak != want {
				t.Errorf("peak over points = %d, want %d", ptsPeak, want)
			}
			until := evs[len(evs)-1].t + time.Second
			if got, w := tl.MeanRunning(until), area/float64(until); math.Abs(got-w) > 1e-9*w {
				t.Errorf("MeanRunning = %v, want %v", got, w)
			}
			if math.Abs(ptsArea-area) > 1e-9*area {
				t.Errorf("area over points = %v, want %v", ptsArea, area)
			}
		})
	}
}

func TestTimelineOddInputs(t *testing.T) {
	tl := NewTimeline(10)
	tl.Running(-time.Second, 1)       // negative time counts as 0
	tl.Running(2*ms, 1)               // now 2 running
	tl.Running(ms, -1)                // late: treated as at 2ms
	tl.Count(-time.Second, Failed, 3) // negative time counts as 0
	want := []Point{
		{T: 0, Running: 1, MeanRunning: 1, Failed: 3},
		{T: ms, Running: 1, MeanRunning: 1},
		{T: 2 * ms, Running: 2, MeanRunning: 1},
	}
	if got := tl.Points(); !slices.Equal(got, want) {
		t.Errorf("Points = %+v\nwant %+v", got, want)
	}
	defer func() {
		if recover() == nil {
			t.Error("Count with an unknown kind did not panic")
		}
	}()
	tl.Count(0, Kind(9), 1)
}

func TestTimelineMeanBeforeLast(t *testing.T) {
	// At interval boundaries the apportioning is exact.
	tl := NewTimeline(2000)
	tl.Running(0, 4)
	tl.Running(2*time.Second, -4)
	tl.Running(3*time.Second, 0)
	tests := []struct {
		until time.Duration
		want  float64
	}{
		{time.Second, 4},
		{2 * time.Second, 4},
		{2500 * ms, 3.2},
		{0, 0},
	}
	for _, tc := range tests {
		if got := tl.MeanRunning(tc.until); got != tc.want {
			t.Errorf("MeanRunning(%v) = %v, want %v", tc.until, got, tc.want)
		}
	}
}

func TestKindString(t *testing.T) {
	tests := []struct {
		k    Kind
		want string
	}{{Started, "started"}, {Succeeded, "succeeded"}, {Failed, "failed"}, {Throttled, "throttled"}, {Kind(7), "Kind(7)"}}
	for _, tc := range tests {
		if got := tc.k.String(); got != tc.want {
			t.Errorf("%d.String() = %q, want %q", int(tc.k), got, tc.want)
		}
	}
}

// Children that all end at one instant leave nobody running in the
// interval that starts there: the levels passed through while the ends
// are taken one by one last no time.
func TestTimelineEndsAtOneInstant(t *testing.T) {
	tl := NewTimeline(100)
	for range 5 {
		tl.Running(0, +1)
	}
	for range 5 {
		tl.Running(10*time.Millisecond, -1)
	}
	pts := tl.Points()
	if last := pts[len(pts)-1]; last.Running != 0 {
		t.Errorf("the interval at %v shows %d running, want 0", last.T, last.Running)
	}
	if pts[0].Running != 5 {
		t.Errorf("the first interval shows %d running, want 5", pts[0].Running)
	}
}
