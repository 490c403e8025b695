package gold

import (
	"runtime"
	"sync"

	"github.com/pitwall-f1/pitwall/lakehouse"
)

// maxConcurrentPublishes bounds the tables PublishAll publishes at once.
const maxConcurrentPublishes = 4

// runPublishes runs independent publish tasks, up to GOMAXPROCS (at most
// maxConcurrentPublishes) at a time, every one of them even after an
// error. It returns the results of the tasks that succeeded, in task
// order, and the error of the first task (in task order) that failed.
func runPublishes(tasks []func() (*lakehouse.PublishResult, error)) ([]*lakehouse.PublishResult, error) {
	type outcome struct {
		res *lakehouse.PublishResult
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
	var results []*lakehouse.PublishResult
	var first error
	for _, o := range out {
		if o.err != nil {
			if first == nil {
				first = o.err
			}
			continue
		}
		results = append(results, o.res)
	}
	return results, first
}
