package series

import (
	"strconv"
	"time"
)

// The renderers format numbers by hand rather than with %g or %v so that the
// output is byte-for-byte stable across platforms and Go releases; golden
// files and diffs of reports depend on it.

// seconds formats d as seconds with millisecond precision, e.g. "12.345".
func seconds(d time.Duration) string {
	ms := int64(d / time.Millisecond)
	sign := ""
	if ms < 0 {
		sign, ms = "-", -ms
	}
	frac := strconv.FormatInt(1000+ms%1000, 10)[1:] // zero-padded to 3 digits
	return sign + strconv.FormatInt(ms/1000, 10) + "." + frac
}

// fixed formats x with one decimal, the resolution of SVG coordinates.
func fixed(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// shortDuration formats a tick label compactly: "0", "250ms", "1.5s",
// "2m30s", "1h15m". It drops zero components, unlike time.Duration.String
// which prints "1m0s".
func shortDuration(d time.Duration) string {
	if d == 0 {
		return "0"
	}
	if d < time.Second {
		return strconv.FormatInt(int64(d/time.Millisecond), 10) + "ms"
	}
	var b []byte
	h, m := d/time.Hour, d%time.Hour/time.Minute
	s, ms := d%time.Minute/time.Second, d%time.Second/time.Millisecond
	if h > 0 {
		b = strconv.AppendInt(b, int64(h), 10)
		b = append(b, 'h')
	}
	if m > 0 {
		b = strconv.AppendInt(b, int64(m), 10)
		b = append(b, 'm')
	}
	if s > 0 || ms > 0 {
		b = strconv.AppendInt(b, int64(s), 10)
		if ms > 0 {
			frac := strconv.FormatInt(int64(1000+ms), 10)[1:]
			for frac[len(frac)-1] == '0' {
				frac = frac[:len(frac)-1]
			}
			b = append(b, '.')
			b = append(b, frac...)
		}
		b = append(b, 's')
	}
	return string(b)
}

// step returns the interval width of points produced by Timeline.Points,
// which the renderers need to know where the last interval ends.
func step(pts []Point) time.Duration {
	if len(pts) >= 2 && pts[1].T > pts[0].T {
		return pts[1].T - pts[0].T
	}
	return time.Millisecond // a lone point is a first, 1 ms interval
}

// totals sums the counts of pts and finds their peak.
type totals struct {
	end                                   time.Duration
	peak                                  int
	meanRunning                           float64
	started, succeeded, failed, throttled int64
}

func sum(pts []Point) totals {
	var t totals
	if len(pts) == 0 {
		return t
	}
	w := step(pts)
	t.end = pts[len(pts)-1].T + w
	var area float64
	for _, p := range pts {
		t.peak = max(t.peak, p.Running)
		area += p.MeanRunning * float64(w)
		t.started += p.Started
		t.succeeded += p.Succeeded
		t.failed += p.Failed
		t.throttled += p.Throttled
	}
	t.meanRunning = area / float64(t.end)
	return t
}
