package lakehouse

import (
	"runtime"
	"sync"
)

// maxConcurrentPublishes bounds the publishes PublishConcurrently runs at once.
const maxConcurrentPublishes = 4

// PublishTask publishes to one table; tasks given to PublishConcurrently
// must write to different tables so their commits do not contend.
type PublishTask func() ([]*PublishResult, error)

// PublishConcurrently runs independent publish tasks, up to GOMAXPROCS (at
// most four) at a time, and runs every one of them even after an error, so
// one failing table does not leave the others unpublished. It returns the
// results of all tasks in task order and the error of the first task (in
// task order) that failed.
func PublishConcurrently(tasks ...PublishTask) ([]*PublishResult, error) {
	type outcome struct {
		res []*PublishResult
		err error
	}
	out := make([]outcome, len(tasks))
	sem := make(chan struct{}, max(1, min(runtime.GOMAXPROCS(0), maxConcurrentPublishes)))
	var wg sync.WaitGroup
	for i, task := range tasks {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			res, err := task()
			out[i] = outcome{res, err}
		})
	}
	wg.Wait()
	var results []*PublishResult
	var first error
	for _, o := range out {
		results = append(results, o.res...)
		if o.err != nil && first == nil {
			first = o.err
		}
	}
	return results, first
}
