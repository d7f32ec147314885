"""The API's page-number pagination, counting an unfiltered list of a large table from the statistics."""

from rest_framework.pagination import PageNumberPagination

from ..pagination import EstimatedCountPaginator


class EstimatedCountPagination(PageNumberPagination):
    django_paginator_class = EstimatedCountPaginator
