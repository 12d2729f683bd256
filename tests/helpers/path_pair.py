"""Entities of the report that tests/test_path_rank.py and the page's path test share: the
pair whose plain chains run through 腾讯 while the cheapest runs through the report's "four
directions" of its technology against the epidemic."""

CT_POD = "https://w3id.org/csr-kg/id/program/ai-ct-pod-donation"
CLASSES = "https://w3id.org/csr-kg/id/program/classes-suspended-learning-continues"
FRONT = "https://w3id.org/csr-kg/id/concept/epidemic-medical-research-front"
FOUR = "https://w3id.org/csr-kg/id/framework/epidemic-four-directions"
RESUME = "https://w3id.org/csr-kg/id/concept/epidemic-resumption"
TENCENT = "https://w3id.org/csr-kg/id/tencent/tencent"
