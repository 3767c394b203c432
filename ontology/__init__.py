"""geokg's ontology files (Turtle), installed as the package ``kg.ontology``."""
