// Placeholder so the component library is never empty; remove when the component has real sources.
