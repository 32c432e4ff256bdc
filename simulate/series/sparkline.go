package series

// sparkRunes are the eight block heights, lowest first.
var sparkRunes = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws the running level over time as width block characters.
// Each character shows the peak of the points it covers, so short bursts are
// not averaged away; with fewer points than characters, points are
// stretched. Zero is the lowest block and only the overall peak reaches the
// full block. It returns "" for no points or width < 1.
func Sparkline(pts []Point, width int) string {
	if len(pts) == 0 || width < 1 {
		return ""
	}
	top := 0
	for _, p := range pts {
		top = max(top, p.Running)
	}
	n := len(pts)
	out := make([]rune, width)
	for c := range out {
		lo := c * n / width
		hi := max((c+1)*n/width, lo+1)
		v := 0
		for _, p := range pts[lo:hi] {
			v = max(v, p.Running)
		}
		out[c] = sparkRunes[level(v, top, len(sparkRunes)-1)]
	}
	return string(out)
}

// level scales v in [0, top] to [0, steps], rounding up so that any non-zero
// value rises above the baseline.
func level(v, top, steps int) int {
	if top <= 0 || v <= 0 {
		return 0
	}
	return int((int64(min(v, top))*int64(steps) + int64(top) - 1) / int64(top))
}
