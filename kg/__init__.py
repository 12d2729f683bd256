"""csr-kg: a sourced, bilingual knowledge graph of CSR reports.

Import the modules you need (``kg.build``, ``kg.store``, ``kg.validate``, ``kg.stats``); this
package itself imports nothing heavy so that ``kg --help`` stays instant.
"""

__version__ = "0.1.0"
