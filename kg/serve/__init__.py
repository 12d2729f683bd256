"""``kg serve``: a read-only SPARQL 1.1 endpoint and web pages with JSON twins.

* :mod:`kg.serve.app`: the route table, settings and limits, the headers of every answer.
* :mod:`kg.serve.sparql_protocol`: ``/sparql`` (GET, POST form, POST direct, the service
  description); :mod:`kg.serve.negotiate`: content negotiation and serializers.
* :mod:`kg.serve.pages`: pages and their ``.json`` twins; templates in ``templates/``.
* :mod:`kg.serve.pool`, :mod:`kg.serve.workers` and :mod:`kg.serve.child`: every read runs
  in a worker process forked by a fork server (why: see :mod:`kg.serve.pool`).
* :mod:`kg.serve.get`: one request answered in process, for ``kg serve --get``.

Nothing is imported here, so that the fork server's preload of :mod:`kg.serve.child` stays
free of the web stack.
"""
