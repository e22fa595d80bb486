package tern

import (
	"net/http"
	"slices"
)

// Group returns a router for the routes under prefix. The group shares its
// parent's routing tree, so its routes are served by the parent; their
// middleware is the parent's followed by mw.
//
//	api := r.Group("/api", requireToken)
//	api.Get("/orders", listOrders) // GET /api/orders, behind requireToken
//
// Groups nest: api.Group("/v2") serves under /api/v2.
func (r *Router) Group(prefix string, mw ...Middleware) *Router {
	return &Router{
		trees:      r.trees,
		prefix:     r.prefix + prefix,
		// Clip: appending to the parent's slice could write into spare capacity
		// that a sibling group shares.
		middleware: append(slices.Clip(r.middleware), mw...),
		notFound:   r.notFound,
		skipClean:  r.skipClean,
	}
}

// handleGrouped registers h for a group: under the group's prefix, with the
// group's middleware bound to the route.
func (r *Router) handleGrouped(method, pattern string, h http.Handler) {
	root := r.trees[method]
	if root == nil {
		root = &node{}
		r.trees[method] = root
	}
	full := r.prefix + pattern
	root.insertPrefixed(full, h, r.middleware)
	r.routes = append(r.routes, Route{Method: method, Pattern: full})
}

// Prefix returns the path prefix of the router: "" for a root router.
func (r *Router) Prefix() string {
	return r.prefix
}
