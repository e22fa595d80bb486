package tern

import "net/http"

// Group returns a router for the routes under prefix. The group shares its
// parent's routing tree, so its routes are served by the parent.
//
//	api := r.Group("/api", requireToken)
//	api.Get("/orders", listOrders) // GET /api/orders, behind requireToken
//
// A group's routes run the middleware of the root router, then of each
// group down to their own, in registration order. Middleware is resolved
// when a request is served, so Use applies to routes registered before it,
// on the router and on all of its groups.
func (r *Router) Group(prefix string, mw ...Middleware) *Router {
	return &Router{
		trees:      r.trees,
		prefix:     r.prefix + prefix,
		parent:     r,
		middleware: mw,
		notFound:   r.notFound,
		skipClean:  r.skipClean,
		frozen:     r.frozen,
	}
}

// handleGrouped registers h for a group, under the group's prefix.
func (r *Router) handleGrouped(method, pattern string, h http.Handler) {
	root := r.trees[method]
	if root == nil {
		root = &node{}
		r.trees[method] = root
	}
	full := r.prefix + pattern
	if existing := root.insert(full, h); existing != nil {
		panic("tern: duplicate route " + method + " " + full)
	}
	root.owner(full, r)
	r.root().routes = append(r.root().routes, Route{Method: method, Pattern: full})
}

// root returns the router at the top of r's groups.
func (r *Router) root() *Router {
	for r.parent != nil {
		r = r.parent
	}
	return r
}

// Prefix returns the path prefix of the router: "" for a root router.
func (r *Router) Prefix() string {
	return r.prefix
}

// chain wraps h in the middleware of g and of every router above it,
// outermost first.
func (g *Router) chain(h http.Handler) http.Handler {
	var mws []Middleware
	for r := g; r != nil; r = r.parent {
		mws = append(r.middleware, mws...)
	}
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}
