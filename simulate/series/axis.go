package series

import "time"

// maxTicks bounds the labels on each axis so they never overlap at the
// chart's fixed size.
const maxTicks = 8

// timeSteps are the tick spacings a reader finds natural, smallest first.
var timeSteps = []time.Duration{
	time.Millisecond, 2 * time.Millisecond, 5 * time.Millisecond,
	10 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond,
	100 * time.Millisecond, 200 * time.Millisecond, 500 * time.Millisecond,
	time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second,
	15 * time.Second, 30 * time.Second,
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute,
	15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	24 * time.Hour,
}

// timeTick picks the smallest natural spacing that puts at most maxTicks
// intervals across [0, end]; past a day it doubles days.
func timeTick(end time.Duration) time.Duration {
	for _, s := range timeSteps {
		if end/s <= maxTicks {
			return s
		}
	}
	s := timeSteps[len(timeSteps)-1]
	for end/s > maxTicks {
		s *= 2
	}
	return s
}

// countTick picks a 1-2-5 spacing for the count axis and the rounded-up top
// of the axis, so that the peak sits below a labelled gridline.
func countTick(peak int) (tick, top int) {
	if peak <= 0 {
		return 1, 1
	}
	for mag := 1; ; mag *= 10 {
		for _, m := range [...]int{1, 2, 5} {
			tick = m * mag
			if (peak+tick-1)/tick <= maxTicks/2+1 {
				return tick, (peak + tick - 1) / tick * tick
			}
		}
	}
}
